"""The pick-up desk: find by name or QR, hand over once, reprint a lost badge."""

import io

from pypdf import PdfReader
from sqlalchemy import select

from assembly.badges import printing, services
from assembly.badges.models import Badge, PrintRun
from assembly.badges.tokens import make_token
from assembly.core.db import utcnow
from assembly.extensions import db


def _print(event):
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    return printing.execute(run.id)


def _badge(participant):
    db.session.expire_all()
    return db.session.scalars(select(Badge).where(Badge.participant_id == participant.id)).first()


def test_find_by_name_or_qr_and_hand_over_once(client, officer, approved, event):
    person = approved("CHN", badge_name="Zhang Wei", given_name="Wei", family_name="Zhang")
    approved("FRA", badge_name="Jean Dupont", given_name="Jean", family_name="Dupont")
    found = client.get("/admin/badges/pickup?q=zhang")
    assert b"Zhang Wei" in found.data and b"Jean Dupont" not in found.data
    assert b"Not printed yet" in found.data
    _print(event)
    badge = _badge(person)
    by_qr = client.get(f"/admin/badges/pickup?q={make_token(badge.id, badge.version)}")
    assert b"Zhang Wei" in by_qr.data and b"hand over" in by_qr.data
    assert f"/admin/badges/photo/{person.id}".encode() in by_qr.data
    response = client.post(f"/admin/badges/pickup/{person.id}/collect", data={"q": "zhang"})
    assert response.status_code == 302 and "q=zhang" in response.headers["Location"]
    badge = _badge(person)
    assert badge.collected_at is not None and badge.collected_by_id is not None
    again = client.post(f"/admin/badges/pickup/{person.id}/collect", follow_redirects=True)
    assert b"already collected" in again.data
    rows = services.collection_by_country(event)
    china = next(r for r in rows if r["iso3"] == "CHN")
    assert (china["printed"], china["collected"], china["not_collected"]) == (1, 1, 0)
    france = next(r for r in rows if r["iso3"] == "FRA")
    assert (france["printed"], france["collected"], france["not_collected"]) == (1, 0, 1)


def test_reprint_raises_the_version_and_the_old_qr_is_refused(client, officer, approved, event):
    person = approved("CHN", badge_name="Zhang Wei")
    _print(event)
    old = make_token(_badge(person).id, 1)
    response = client.post(f"/admin/badges/pickup/{person.id}/reprint", follow_redirects=True)
    assert b"version 2" in response.data
    badge = _badge(person)
    assert badge.version == 2 and badge.printed_at is None and badge.collected_at is None
    from assembly.badges import checkin

    assert checkin.scan(event, old)["reason"] == "old_version"
    assert [p.id for p in services.select_participants(event, never_printed=True)] == [person.id]
    _print(event)
    assert _badge(person).version == 2  # printed as the new version, not raised twice
    assert checkin.scan(event, make_token(badge.id, 2))["verdict"] == "ok"


def test_a_not_approved_person_gets_no_badge(client, officer, approved, event):
    person = approved("CHN", badge_name="Zhang Wei")
    _print(event)
    person.state = "revoked"
    db.session.commit()
    page = client.get("/admin/badges/pickup?q=Zhang")
    assert b"do not hand over" in page.data
    response = client.post(f"/admin/badges/pickup/{person.id}/collect", follow_redirects=True)
    assert b"not approved" in response.data and _badge(person).collected_at is None


def test_badge_status_for_the_registrations_list(approved, event):
    from assembly.badges import checkin

    printed, other = approved("CHN"), approved("FRA", photo=False)
    _print(event)
    badge = _badge(printed)
    checkin.scan(event, make_token(badge.id, badge.version))
    db.session.commit()
    status = services.badge_status([printed.id, other.id])
    assert status[printed.id] == {"printed": True, "collected": False, "checked_in": True}
    assert status[other.id] == {"printed": True, "collected": False, "checked_in": False}
    assert services.badge_status([]) == {}


def test_print_this_badge_now_after_a_reprint(client, officer, approved, event, tmp_path):
    from assembly.badges import checkin

    person = approved("CHN", badge_name="Zhang Wei")
    other = approved("FRA", photo=False)  # not printed: stays out of the one-badge run
    page = client.get("/admin/badges/pickup?q=Zhang")
    assert b"Print this badge now" in page.data
    response = client.post(f"/admin/badges/pickup/{person.id}/print", data={"q": "Zhang"})
    assert response.status_code == 302 and "q=Zhang" in response.headers["Location"]
    badge = _badge(person)
    assert badge.printed_at is not None and badge.version == 1
    run = db.session.get(PrintRun, badge.print_run_id)
    assert run.state == "done" and run.total == 1 and run.format == "a6"
    assert run.participant_ids == [person.id] and _badge(other) is None
    page = client.get("/admin/badges/pickup?q=Zhang")
    assert f"/admin/badges/runs/{run.id}/download".encode() in page.data  # in the message
    assert b"hand over" in page.data and b"Print this badge now" not in page.data
    pdf = client.get(f"/admin/badges/runs/{run.id}/download")
    assert "Zhang Wei" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    # Lost: the reprint says where to print it, and it prints as the new version.
    reprinted = client.post(f"/admin/badges/pickup/{person.id}/reprint", follow_redirects=True)
    assert b"Print this badge now" in reprinted.data
    assert b"from the badges page" not in reprinted.data
    client.post(f"/admin/badges/pickup/{person.id}/print", data={"format": "card"})
    badge = _badge(person)
    assert badge.version == 2 and badge.printed_at is not None
    assert db.session.get(PrintRun, badge.print_run_id).format == "card"
    assert checkin.scan(event, make_token(badge.id, 1))["reason"] == "old_version"
    assert checkin.scan(event, make_token(badge.id, 2))["verdict"] == "ok"


def test_print_this_badge_now_refuses_a_second_valid_copy(client, officer, approved, event):
    person = approved("CHN", badge_name="Zhang Wei")
    client.post(f"/admin/badges/pickup/{person.id}/print")
    response = client.post(f"/admin/badges/pickup/{person.id}/print", follow_redirects=True)
    assert b"printed and unchanged" in response.data
    assert len(db.session.scalars(select(PrintRun)).all()) == 1
    person.badge_changed_at = utcnow()  # a new title: the printed badge is out of date
    db.session.commit()
    assert b"Print this badge now" in client.get("/admin/badges/pickup?q=Zhang").data
    client.post(f"/admin/badges/pickup/{person.id}/print")
    assert _badge(person).version == 2


def test_print_this_badge_now_marks_nothing_when_it_fails(
    client, officer, approved, event, monkeypatch
):
    from assembly.badges import render

    person = approved("CHN", badge_name="Zhang Wei")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render, "render_items", broken)
    response = client.post(f"/admin/badges/pickup/{person.id}/print", follow_redirects=True)
    assert b"could not be printed" in response.data and b"No space left" in response.data
    assert _badge(person).printed_at is None


def test_print_this_badge_now_from_the_registration_page(client, officer, approved):
    person = approved("CHN", badge_name="Zhang Wei")
    page = client.get(f"/admin/registrations/{person.id}")
    assert b"Print this badge now" in page.data
    response = client.post(
        f"/admin/badges/pickup/{person.id}/print", data={"back": "registration", "format": "a6"}
    )
    assert response.headers["Location"].endswith(f"/admin/registrations/{person.id}")
    assert _badge(person).printed_at is not None


def test_pickup_search_ignores_accents_and_case(client, officer, approved, event):
    person = approved("ESP", photo=False, given_name="José María", family_name="Ibáñez")
    approved("FRA", photo=False, given_name="Jean", family_name="Dupont")
    for query in ("Ibanez", "ibáñez", "IBANEZ", "jose ibanez", "Maria Ibá"):
        names = [p.family_name for p in services.find_for_pickup(event, query)]
        assert names == ["Ibáñez"], query
    assert services.find_for_pickup(event, "ibanez dupont") == []
    assert services.find_for_pickup(event, "100%") == []  # wildcards are letters here
    # A corrected name is found under its new spelling at once.
    person.family_name = "Núñez"
    db.session.commit()
    assert [p.id for p in services.find_for_pickup(event, "nunez")] == [person.id]
    assert services.find_for_pickup(event, "ibanez") == []
    page = client.get("/admin/badges/pickup?q=nunez")
    assert "José María Núñez".encode() in page.data
