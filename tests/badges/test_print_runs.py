"""Print runs: chosen from /admin/badges, rendered by the background job, states and retry."""

import io
from datetime import timedelta
from pathlib import Path

from flask import current_app
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.badges import printing, render, services
from assembly.badges.items import badge_item, event_data
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
    assert pdf.headers["Cache-Control"] == "private, no-store"  # photos and names: no caches
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
    # The printed badge shows old data: its new print is a new version.
    client.post("/admin/badges", data={"format": "a6", "changed": "y", "category": ""})
    assert _badge(china).version == 2
    assert services.select_participants(event, changed=True) == []


def test_printing_again_keeps_the_badge_people_wear(client, officer, approved, event):
    from assembly.badges import checkin
    from assembly.badges.tokens import make_token

    person = approved("CHN", photo=False)
    client.post("/admin/badges", data={"format": "a6", "category": ""})
    services.collect(person, None)
    db.session.commit()
    worn = make_token(_badge(person).id, 1)
    # The night before opening, everything is printed once more.
    client.post("/admin/badges", data={"format": "a4-sheet", "category": ""})
    badge = _badge(person)
    assert badge.version == 1 and badge.collected_at is not None
    assert badge.print_run_id == _runs()[-1].id
    assert checkin.scan(event, worn)["verdict"] == "ok"


def test_a_changed_badge_is_printed_as_a_new_version_not_handed_over_yet(
    client, officer, approved, event
):
    from assembly.badges import checkin
    from assembly.badges.tokens import make_token

    person = approved("CHN", photo=False)
    client.post("/admin/badges", data={"format": "a6", "category": ""})
    services.collect(person, None)
    person.badge_changed_at = utcnow()
    db.session.commit()
    client.post("/admin/badges", data={"format": "a6", "category": ""})
    badge = _badge(person)
    assert badge.version == 2 and badge.printed_at is not None and badge.collected_at is None
    assert checkin.scan(event, make_token(badge.id, 1))["reason"] == "old_version"


def test_a_reprint_while_the_run_renders_is_not_overwritten(approved, event, monkeypatch):
    kept, lost = approved("CHN", photo=False), approved("FRA", photo=False)
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    render_items = render.render_items

    def reprinted_meanwhile(items, *args, **kwargs):
        items = list(items)  # the worker has read the badges
        # Then the pick-up desk (another process) replaces a lost badge.
        with Session(db.engine) as desk:
            badge = desk.scalars(select(Badge).where(Badge.participant_id == lost.id)).one()
            badge.version, badge.printed_at = badge.version + 1, None
            desk.commit()
        return render_items(items, *args, **kwargs)

    monkeypatch.setattr(render, "render_items", reprinted_meanwhile)
    run = printing.execute(run.id, workers=1)
    assert run.state == "done" and run.printed == 1
    assert [r["participant_id"] for r in run.report if r["field"] == "version"] == [lost.id]
    badge = _badge(lost)
    assert badge.version == 2 and badge.printed_at is None  # still waiting for its print
    assert _badge(kept).printed_at is not None


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


def _aged(run, minutes: float, state: str) -> None:
    """Make `run` look `minutes` old: queued, started and last progress then."""
    then = utcnow() - timedelta(minutes=minutes)
    run.state, run.created_at, run.started_at, run.updated_at = state, then, then, then
    if state == "running":
        run.attempts = 1
    db.session.commit()


def test_a_run_whose_worker_died_fails_and_can_be_retried(client, officer, approved, event):
    person = approved("CHN", photo=False)
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    _aged(run, 5, "running")  # slow, but within the limit: still running
    assert b"hx-trigger" in client.get(f"/admin/badges/runs/{run.id}/status").data
    _aged(run, 11, "running")
    fragment = client.get(f"/admin/badges/runs/{run.id}/status")
    assert b'data-state="failed"' in fragment.data and b"hx-trigger" not in fragment.data
    assert b"worker stopped" in fragment.data and b"Retry" in fragment.data
    assert _runs()[0].state == "failed" and _badge(person).printed_at is None
    client.post(f"/admin/badges/runs/{run.id}/retry")
    (run,) = _runs()
    assert run.state == "done" and run.attempts == 2 and _badge(person).printed_at is not None


def test_the_stale_limit_is_configurable(app, client, officer, approved, event):
    from assembly.config import load_config

    assert load_config("/srv", environ={})["BADGE_RUN_STALE_MINUTES"] == 10
    environ = {"ASSEMBLY_BADGE_RUN_STALE_MINUTES": "30"}
    assert load_config("/srv", environ=environ)["BADGE_RUN_STALE_MINUTES"] == 30
    approved("CHN", photo=False)
    app.config["BADGE_RUN_STALE_MINUTES"] = 30
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    _aged(run, 11, "running")
    assert b'data-state="running"' in client.get("/admin/badges").data
    _aged(run, 31, "running")
    assert b'data-state="failed"' in client.get("/admin/badges").data


def test_a_queued_run_nobody_takes_says_so_and_can_be_queued_again(
    client, officer, approved, event
):
    approved("CHN", photo=False)
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    assert b"No worker has picked" not in client.get(f"/admin/badges/runs/{run.id}/status").data
    _aged(run, 1, "queued")
    fragment = client.get(f"/admin/badges/runs/{run.id}/status").data
    assert b"No worker has picked this up yet" in fragment and b"huey_consumer" in fragment
    assert b"Queue again" not in fragment and b'hx-trigger="every 1s"' in fragment
    _aged(run, 11, "queued")
    assert b"Queue again" in client.get(f"/admin/badges/runs/{run.id}/status").data
    client.post(f"/admin/badges/runs/{run.id}/retry")
    assert _runs()[0].state == "done"


def test_only_one_job_prints_a_run_queued_twice(approved, event):
    from assembly.badges import runs

    approved("CHN", photo=False)
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    assert run.state == "queued"  # as the second job read it...
    with Session(db.engine) as first_job:  # ...just as the first job took it
        taken = first_job.get(PrintRun, run.id)
        taken.state, taken.attempts = "running", 1
        first_job.commit()
    assert not runs.mark_running(run)
    assert run.state == "running" and run.attempts == 1
    assert printing.execute(run.id).attempts == 1  # nothing to do for a second job


def test_a_stalled_job_that_wakes_up_after_a_retry_took_over_marks_nothing(
    approved, event, monkeypatch
):
    person = approved("CHN", photo=False)
    run = services.start_print_run(event, None, {}, "a6")
    db.session.commit()
    render_items = render.render_items

    def taken_over(*args, **kwargs):
        result = render_items(*args, **kwargs)
        # Meanwhile the run was counted stalled, retried, and another job took it.
        with Session(db.engine) as other:
            other.get(PrintRun, run.id).attempts += 1
            other.commit()
        return result

    monkeypatch.setattr(render, "render_items", taken_over)
    printing.execute(run.id, workers=1)
    (run,) = _runs()
    assert run.state == "running" and run.file is None
    assert _badge(person).printed_at is None
    folder = Path(current_app.config["UPLOAD_DIR"]) / printing.RUN_DIR
    assert list(folder.iterdir()) == []  # its temporary file is gone


def test_badges_without_a_readable_photo_are_listed_in_the_report(client, officer, approved, event):
    upload = Path(current_app.config["UPLOAD_DIR"])
    fine = approved("CHN", badge_name="Fine Photo")
    none = approved("CHN", photo=False, badge_name="No Photo")
    gone = approved("FRA", badge_name="Gone Photo")
    (upload / "photos" / gone.photo).unlink()
    broken = approved("KEN", badge_name="Broken Photo")
    (upload / "photos" / broken.photo).write_bytes(b"\xff\xd8\xff not a JPEG after all")
    client.post("/admin/badges", data={"format": "a6", "category": ""})
    (run,) = _runs()
    assert run.state == "done" and run.printed == 4  # printed all the same, grey box
    problems = {r["participant_id"]: r["text"] for r in run.report if r["field"] == "photo"}
    assert problems == {none.id: "none", gone.id: "missing", broken.id: "unreadable"}
    assert fine.id not in problems
    fragment = client.get(f"/admin/badges/runs/{run.id}/status").get_data(as_text=True)
    assert "3 badges printed without a photo" in fragment
    assert "No Photo — no photo given" in fragment and "Gone Photo — photo file missing" in fragment
    assert "Broken Photo — photo cannot be read" in fragment
    assert "names no installed font can draw" not in fragment


def test_unreadable_photos_are_reported_from_the_worker_processes(approved, event):
    people = [approved("CHN", badge_name=f"Person {n}") for n in range(4)]
    upload = Path(current_app.config["UPLOAD_DIR"])
    (upload / "photos" / people[2].photo).write_bytes(b"garbage")
    badges = services.ensure_badges(people)
    db.session.commit()
    badge_items = [badge_item(p, badges[p.id], 1, "a6")[0] for p in people]
    unreadable = []
    render.render_items(
        badge_items, "a6", event_data(event), workers=2, chunk=1, unreadable_photos=unreadable
    )
    assert unreadable == [people[2].id]
