"""Run a print run: render its badges to one PDF file, then mark them printed.

Called by the Huey task (in the background) and by the `print-badges` command
(in the foreground). Nothing is marked printed until the PDF is on disk; a
failure is recorded with its reason and the run can be retried.
"""

import os
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from assembly.badges import render, runs, services
from assembly.badges.items import badge_item, event_data, photo_problem
from assembly.badges.models import QUEUED, Badge, PrintRun
from assembly.countries.models import Delegation
from assembly.extensions import db
from assembly.registration.models import Participant

RUN_DIR = "print-runs"
# A registration's page shows its badge as an image, kept until the badge changes.
PREVIEW_DIR = "badge-previews"


class PrintFailed(Exception):
    """The PDF could not be made; the message says why."""


def run_file(run: PrintRun) -> Path | None:
    """Return the path of a finished run's PDF."""
    if not run.file:
        return None
    path = Path(current_app.config["UPLOAD_DIR"]) / RUN_DIR / run.file
    return path if path.is_file() else None


def forget_files(event) -> list[Path]:
    """Forget the event's print-run PDFs and badge previews; return the files to delete.

    For the purge of a past event's personal data: every badge shows a photo. The
    runs stay listed, without their file; the caller deletes the files once committed.
    """
    upload = Path(current_app.config["UPLOAD_DIR"])
    files = []
    for run in db.session.scalars(
        select(PrintRun).where(PrintRun.event_id == event.id, PrintRun.file.is_not(None))
    ):
        files.append(upload / RUN_DIR / run.file)
        run.file = None
    ids = db.session.scalars(select(Participant.id).where(Participant.event_id == event.id))
    for participant_id in ids:
        files.extend((upload / PREVIEW_DIR).glob(f"{participant_id}-*.png"))
    return files


def _sessions_of(participant) -> list[dict]:
    """Return the person's sessions for the back side, when the agenda area offers them."""
    try:
        from assembly.agenda.services import participant_sessions
    except ImportError:
        return []
    sessions = []
    for s in participant_sessions(participant) or []:
        if s.get("status") == "waiting":  # only seats the person holds
            continue
        start = s.get("start")
        when = participant.event.to_local(start).strftime("%a %H:%M") if start else ""
        sessions.append({"when": when, "title": s.get("title", ""), "room": s.get("room", "")})
    return sessions


def execute(run_id: int, workers: int | None = None) -> PrintRun | None:
    """Render a queued print run and record the outcome; commit as it goes (progress)."""
    run = db.session.get(PrintRun, run_id)
    if run is None or run.state != QUEUED or not runs.mark_running(run):
        return run  # printed, failed, or taken by another job for the same run
    db.session.commit()
    attempt = run.attempts
    session = db.session()
    # Progress is committed as chunks come back; without this every commit would
    # expire the rows being read, which would then be loaded again one by one.
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        tmp, printed, report = _produce(run, workers)
    except Exception as exc:  # noqa: BLE001  (any failure must be recorded, not lost)
        session.expire_on_commit = expire
        db.session.rollback()
        run = db.session.get(PrintRun, run_id)
        if run.attempts == attempt:
            runs.mark_failed(run, _reason(exc))
            db.session.commit()
        return run
    session.expire_on_commit = expire
    # Locked from here to the commit: a retry cannot take the run meanwhile.
    db.session.refresh(run, with_for_update=True)
    if run.attempts != attempt:
        # Counted stalled and taken by another job since: that one prints it.
        tmp.unlink(missing_ok=True)
        db.session.rollback()
        return run
    name = f"print-run-{run.id}.pdf"
    os.replace(tmp, tmp.with_name(name))
    runs.mark_done(run, name, printed, report)
    db.session.commit()
    return run


def _reason(exc: Exception) -> str:
    if isinstance(exc, PrintFailed):
        return str(exc)
    if isinstance(exc, OSError):
        return f"Could not write or read a file: {exc.strerror or exc}"
    return f"{exc.__class__.__name__}: {exc}"[:500]


def _produce(
    run: PrintRun, workers: int | None
) -> tuple[Path, dict[int, tuple[int, int]], list[dict]]:
    """Render the run's badges to a temporary file; return it, the badges printed, the report."""
    ids = list(run.participant_ids)
    by_id = {}
    for start in range(0, len(ids), 500):
        stmt = (
            select(Participant)
            .where(Participant.id.in_(ids[start : start + 500]))
            .options(
                joinedload(Participant.category),
                joinedload(Participant.event),
                joinedload(Participant.delegation).joinedload(Delegation.country),
            )
        )
        by_id.update({p.id: p for p in db.session.scalars(stmt)})
    # Withdrawn or revoked since the run was queued: left out, never printed.
    participants = [by_id[i] for i in ids if i in by_id and by_id[i].state == "approved"]
    if not participants:
        raise PrintFailed("None of the chosen participants is still approved: nothing to print.")
    badges = services.ensure_badges(participants)
    report, printed = [], {}

    def badge_items():
        # A generator: the first badges are drawn while the next are still being read.
        for participant in participants:
            badge = badges[participant.id]
            version = runs.version_to_print(badge, participant)
            sessions = _sessions_of(participant) if run.back_side else None
            item, problems = badge_item(participant, badge, version, run.format, sessions)
            report.extend(problems)
            if item["printable"]:
                printed[badge.id] = (badge.version, version)
                yield item

    def progress(done: int) -> None:
        # Called once a chunk: committed so that the page's progress bar sees it.
        run.progress = min(done, run.total)
        db.session.commit()

    folder = Path(current_app.config["UPLOAD_DIR"]) / RUN_DIR
    folder.mkdir(parents=True, exist_ok=True)
    # One temporary file per attempt: a stalled job that wakes up never writes over a retry's.
    tmp = folder / f".print-run-{run.id}-{run.attempts}.pdf.tmp"
    unreadable: list[int] = []
    try:
        render.render_items(
            badge_items(),
            run.format,
            event_data(run.event),
            back_side=run.back_side,
            workers=workers or current_app.config.get("BADGE_WORKERS", min(2, os.cpu_count() or 1)),
            progress=progress,
            total=len(participants),
            out=tmp,
            unreadable_photos=unreadable,
        )
        if not printed:
            raise PrintFailed("No badge could be printed: see the names no font can draw.")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    report.extend(photo_problem(by_id[i], "unreadable") for i in unreadable)
    return tmp, printed, report


def badges_of(run: PrintRun) -> list[Badge]:
    """Return the badges a finished run printed."""
    return list(db.session.scalars(select(Badge).where(Badge.print_run_id == run.id)))
