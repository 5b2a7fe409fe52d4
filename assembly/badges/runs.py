"""A print run's states: taken by a worker, done, failed, stalled, queued again.

The worker (printing.execute) and the badges page call these; they flush but
never commit. Which version a print carries is decided here too, since marking
a run done is where versions change.
"""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, or_, select, update

from assembly.badges.models import DONE, FAILED, QUEUED, RUNNING, Badge, PrintRun
from assembly.badges.services import BadgeError
from assembly.core.db import utcnow
from assembly.extensions import db
from assembly.registration.models import Participant


def prepare_retry(run: PrintRun, now: datetime | None = None) -> PrintRun:
    """Put a failed (or stalled) print run back in the queue; raise BadgeError otherwise.

    A run queued for longer than BADGE_RUN_STALE_MINUTES may be queued again too
    (its job may have been lost with the queue): whichever job comes first prints
    it, the other finds it taken.
    """
    now = now or utcnow()
    fail_if_stalled(run, now)
    if run.state == QUEUED and is_late(run, now, stale_after()):
        return run
    if run.state != FAILED:
        raise BadgeError(_("Only a failed print run can be retried."))
    run.state, run.progress, run.error, run.file = QUEUED, 0, "", None
    run.started_at = run.finished_at = None
    db.session.flush()
    return run


def stale_after() -> timedelta:
    """Return how long a run may go without progress before it counts as stopped."""
    return timedelta(minutes=max(1, current_app.config.get("BADGE_RUN_STALE_MINUTES", 10)))


def is_late(run: PrintRun, now: datetime, after: timedelta) -> bool:
    """Tell whether `run` has shown no sign of life (queued, started, progress) for `after`."""
    seen = [t for t in (run.created_at, run.started_at, run.updated_at) if t is not None]
    return bool(seen) and now - max(seen) > after


def fail_if_stalled(run: PrintRun, now: datetime | None = None) -> bool:
    """Count a running run with no progress for BADGE_RUN_STALE_MINUTES as failed.

    The worker commits progress after every chunk (seconds apart): a run silent
    for minutes lost its worker (killed, restarted, out of memory). Failed, it
    can be retried; nothing of it was marked printed. Return whether it was.
    """
    if run.state != RUNNING or not is_late(run, now or utcnow(), stale_after()):
        return False
    minutes = int(stale_after().total_seconds() // 60)
    mark_failed(
        run,
        _(
            "The worker stopped: no progress for %(n)s minutes. Retry the run.",
            n=minutes,
        ),
    )
    return True


def mark_running(run: PrintRun) -> bool:
    """Take a queued run for this worker; return False when it is not queued (any more).

    One UPDATE that checks the state: of two jobs for the same run (a run
    queued again), only one prints it.
    """
    now = utcnow()
    taken = db.session.execute(
        update(PrintRun)
        .where(PrintRun.id == run.id, PrintRun.state == QUEUED)
        .values(
            state=RUNNING,
            started_at=now,
            progress=0,
            error="",
            attempts=PrintRun.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(run)
    return taken == 1


def mark_failed(run: PrintRun, reason: str) -> None:
    """Record why a run failed; no badge is marked printed."""
    run.state, run.error, run.finished_at = FAILED, reason[:2000], utcnow()
    db.session.flush()


def mark_done(
    run: PrintRun, file_name: str, printed: dict[int, tuple[int, int]], report: list[dict]
) -> None:
    """Record the PDF and mark its badges printed.

    `printed`: badge id → (version read when the run started, version printed).
    A badge whose version changed meanwhile (a Reprint at the pick-up desk while
    the run was rendering) is left as it is: the copy in this PDF is already
    refused at the door, and the run's report says so.
    """
    now = utcnow()
    table = Badge.__table__
    marked = {"printed_at": now, "print_run_id": run.id, "updated_at": now}
    same = [
        {"b_id": i, "b_seen": seen} for i, (seen, version) in printed.items() if seen == version
    ]
    raised = [
        {"b_id": i, "b_seen": seen, "b_version": version}
        for i, (seen, version) in printed.items()
        if seen != version
    ]
    # UPDATEs by primary key, many rows at once: thousands of badges without loading them.
    if same:
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_seen"))
            .values(**marked),
            same,
        )
    if raised:
        # A new version is a new badge: not handed over yet.
        db.session.execute(
            update(table)
            .where(
                table.c.id == bindparam("b_id"),
                table.c.version.in_([bindparam("b_seen"), bindparam("b_version")]),
            )
            .values(
                version=bindparam("b_version"), collected_at=None, collected_by_id=None, **marked
            ),
            raised,
        )
    superseded = _not_marked(run, list(printed))
    report = list(report) + [
        {
            "participant_id": participant_id,
            "name": name,
            "field": "version",
            "text": "",
            "characters": "",
        }
        for participant_id, name in superseded
    ]
    run.state, run.file, run.report, run.error = DONE, file_name, report, ""
    run.printed, run.progress, run.finished_at = len(printed) - len(superseded), run.total, now
    db.session.flush()


def _not_marked(run: PrintRun, badge_ids: list[int]) -> list[tuple[int, str]]:
    """Return (participant id, printed name) of these badges that this run did not mark."""
    rows = []
    for start in range(0, len(badge_ids), 500):
        stmt = (
            select(Participant)
            .join(Badge, Badge.participant_id == Participant.id)
            .where(
                Badge.id.in_(badge_ids[start : start + 500]),
                or_(Badge.print_run_id.is_(None), Badge.print_run_id != run.id),
            )
        )
        rows.extend((p.id, p.printed_name) for p in db.session.scalars(stmt))
    return rows


def version_to_print(badge: Badge, participant: Participant) -> int:
    """Return the version a print of `badge` carries.

    The current one: printing a badge again (a print run re-run, the CLI the
    night before) gives a copy of the badge the person may already wear. Only
    when the badge's data changed since it was printed is the printed badge
    wrong: then it is the next version, and the old one is refused at the door.
    A lost or damaged badge gets its new version from reprint().
    """
    changed = participant.badge_changed_at
    if badge.printed_at is not None and changed is not None and changed > badge.printed_at:
        return badge.version + 1
    return badge.version
