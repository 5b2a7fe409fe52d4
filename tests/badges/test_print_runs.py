"""Print runs: chosen from /admin/badges, rendered by the background job, states and retry."""

import io

from pypdf import PdfReader
from sqlalchemy import select

from assembly.badges import printing, render, services
from assembly.badges.models import Badge, PrintRun
from assembly.core.db import utcnow
from assembly.extensions import db
from tests import factories


def _runs():
    db.session.expire_all()
    return list(db.session.scalars(select(PrintRun).order_by(PrintRun.id)))


def _badge(participant) -> Badge:
    db.session.expire_all()
    return db.session.scalars(select(Badge).where(Badge.participant_id == participant.id)).one()


def test_a_print_run_prints_approved_badges_sorted_and_marks_them(client, officer, approved, event):
    kenya = approved("KEN", badge_name="Zawadi Achieng")
    china_hod = approved("CHN", badge_name="Meng Hongwei", category_name="Head of Delegation")
    china_b = approved("CHN", badge_name="Bai Li", family_name="Bai")
    china_a = approved("CHN", badge_name="An Li", family_name="An")
    pending = factories.make_participant(event, "CHN", state="confirmed")
    page = client.get("/admin/badges")
    assert page.status_code == 200 and b"Start print run" in page.data
    response = client.post("/admin/badges", data={"format": "a4-sheet", "category": ""})
    assert response.status_code == 302
    (run,) = _runs()
    assert run.state == "done" and run.total == 4 and run.printed == 4
    # Country (China before Kenya), then category order (Head first), then name.
    assert run.participant_ids == [china_hod.id, china_a.id, china_b.id, kenya.id]
    assert pending.id not in run.participant_ids
    badge = _badge(kenya)
    assert badge.printed_at is not None and badge.print_run_id == run.id and badge.version == 1
    pdf = client.get(f"/admin/badges/runs/{run.id}/download")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 1  # four A6 badges on one A4 sheet
    text = reader.pages[0].extract_text()
    assert "Meng Hongwei" in text and "Zawadi Achieng" in text
    status = client.get(f"/admin/badges/runs/{run.id}/status")
    assert b"Download PDF" in status.data and b"hx-trigger" not in status.data


def test_filters_country_category_never_printed_and_changed(client, officer, approved, event):
    china = approved("CHN", photo=False)
    kenya = approved("KEN", photo=False, category_name="Observer")
    assert [p.id for p in services.select_participants(event, country="ken")] == [kenya.id]
    assert [p.id for p in services.select_participants(event, category="observer")] == [kenya.id]
    client.post("/admin/badges", data={"format": "a6", "country": "CHN", "category": ""})
    assert [p.id for p in services.select_participants(event, never_printed=True)] == [kenya.id]
    assert services.select_participants(event, changed=True) == []
    china = db.session.get(type(china), china.id)
    china.badge_changed_at = utcnow()
    db.session.commit()
    assert [p.id for p in services.select_participants(event, changed=True)] == [china.id]
    # Printing a printed badge again is a reprint: its version goes up.
    client.post("/admin/badges", data={"format": "a6", "changed": "y", "category": ""})
    assert _badge(china).version == 2
    assert services.select_participants(event, changed=True) == []


def test_an_empty_selection_is_refused_next_to_the_form(client, officer, approved):
    approved("CHN", photo=False)
    response = client.post("/admin/badges", data={"format": "a6", "country": "KEN", "category": ""})
    assert response.status_code == 200
    assert b"nothing to print" in response.data and _runs() == []
    response = client.post("/admin/badges", data={"format": "a6", "country": "K1", "category": ""})
    assert b"Three letters" in response.data


def test_a_failing_run_says_why_marks_nothing_and_can_be_retried(
    client, officer, approved, monkeypatch
):
    person = approved("CHN")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render, "render_items", broken)
    client.post("/admin/badges", data={"format": "a6", "category": ""})
    (run,) = _runs()
    assert run.state == "failed" and "No space left on device" in run.error
    assert run.file is None and _badge(person).printed_at is None
    page = client.get("/admin/badges")
    assert b"No space left on device" in page.data and b"Retry" in page.data
    monkeypatch.undo()
    response = client.post(f"/admin/badges/runs/{run.id}/retry")
    assert response.status_code == 302
    (run,) = _runs()
    assert run.state == "done" and run.attempts == 2 and run.error == ""
    assert printing.run_file(run) is not None and _badge(person).printed_at is not None
    # A finished run cannot be retried.
    client.post(f"/admin/badges/runs/{run.id}/retry")
    assert _runs()[0].attempts == 2


def test_the_status_fragment_polls_while_the_run_is_queued(client, officer, approved, event):
    approved("CHN", photo=False)
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    fragment = client.get(f"/admin/badges/runs/{run.id}/status")
    assert b'hx-trigger="every 1s"' in fragment.data and b"queued" in fragment.data
    assert client.get(f"/admin/badges/runs/{run.id}/download").status_code == 404


def test_a_participant_revoked_after_queuing_is_left_out(approved, event):
    keep, revoke = approved("CHN", photo=False), approved("FRA", photo=False)
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    revoke.state = "revoked"
    db.session.commit()
    run = printing.execute(run.id)
    assert run.state == "done" and run.printed == 1
    assert _badge(keep).printed_at is not None and _badge(revoke).printed_at is None


def test_the_badge_preview_is_a_png_for_officers(client, officer, approved):
    person = approved("CHN", badge_name="Zhang Wei", native_name="张伟")
    response = client.get(f"/admin/registrations/{person.id}/badge.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data[:8] == b"\x89PNG\r\n\x1a\n"
    again = client.get(f"/admin/registrations/{person.id}/badge.png")
    assert again.data == response.data  # cached until the badge changes
