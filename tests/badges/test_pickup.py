"""The pick-up desk: find by name or QR, hand over once, reprint a lost badge."""

from sqlalchemy import select

from assembly.badges import printing, services
from assembly.badges.models import Badge
from assembly.badges.tokens import make_token
from assembly.extensions import db


def _print(event):
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    return printing.execute(run.id)


def _badge(participant):
    db.session.expire_all()
    return db.session.scalars(select(Badge).where(Badge.participant_id == participant.id)).one()


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
