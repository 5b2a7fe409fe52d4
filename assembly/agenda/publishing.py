"""Publishing the agenda: refused while conflicts remain (unless an admin overrides with a
reason), each publication a numbered version with a changelog of what was added, moved
or cancelled since the last one."""

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from assembly.agenda.conflicts import find_conflicts, load_sessions
from assembly.agenda.models import (
    ADDED,
    CANCELLED,
    CANCELLED_CHANGE,
    DRAFT,
    MOVED,
    PUBLISHED,
    AgendaChange,
    AgendaVersion,
)
from assembly.agenda.services import AgendaError
from assembly.core.audit import record
from assembly.extensions import db


class PublishRefused(AgendaError):
    """Publishing would make conflicts public; `conflicts` lists them."""

    def __init__(self, message: str, conflicts: list[dict]):
        super().__init__(message)
        self.conflicts = conflicts


def latest_version(event) -> AgendaVersion | None:
    """Return the last publication of the agenda."""
    return db.session.scalars(
        select(AgendaVersion)
        .where(AgendaVersion.event_id == event.id)
        .order_by(AgendaVersion.number.desc())
        .limit(1)
    ).first()


def _snapshot(sessions) -> dict:
    # Times in UTC: a session built in event time (the demo seed) and the same one read
    # back from the database must give the same text.
    return {
        str(s.id): {
            "title": s.title,
            "starts_at": s.starts_at.astimezone(UTC).isoformat(),
            "ends_at": s.ends_at.astimezone(UTC).isoformat(),
            "room": s.room.name if s.room else "",
            "state": s.state,
        }
        for s in sessions
        if s.state in (PUBLISHED, CANCELLED)
    }


def _moved(then: dict, now: dict) -> bool:
    # Moments, not their text: snapshots stored before times were kept in UTC have
    # them in event time.
    return then["room"] != now["room"] or any(
        datetime.fromisoformat(then[k]) != datetime.fromisoformat(now[k])
        for k in ("starts_at", "ends_at")
    )


def _changes(event, old: dict, new: dict) -> list[AgendaChange]:
    def local(iso: str) -> str:
        return event.to_local(datetime.fromisoformat(iso)).strftime("%a %d %b %H:%M")

    changes = []
    for key, now in new.items():
        then = old.get(key)
        sid = int(key)
        if now["state"] == CANCELLED:
            if then is not None and then["state"] != CANCELLED:
                changes.append(
                    AgendaChange(session_id=sid, kind=CANCELLED_CHANGE, title=now["title"])
                )
            continue
        if then is None:
            detail = f"{local(now['starts_at'])}, {now['room']}".strip(", ")
            changes.append(
                AgendaChange(session_id=sid, kind=ADDED, title=now["title"], detail=detail)
            )
        elif _moved(then, now):
            detail = _("from %(old)s to %(new)s") % {
                "old": f"{local(then['starts_at'])}, {then['room']}".strip(", "),
                "new": f"{local(now['starts_at'])}, {now['room']}".strip(", "),
            }
            changes.append(
                AgendaChange(session_id=sid, kind=MOVED, title=now["title"], detail=detail)
            )
    return changes


def publish(event, *, actor=None, force: bool = False, reason: str = "", session_ids=None):
    """Publish the drafts (all, or `session_ids`) as the agenda's next version.

    Raise PublishRefused naming the conflicts of what would be public, unless
    `force` with a `reason` (kept in the audit log).
    """
    sessions = load_sessions(event)
    drafts = [s for s in sessions if s.state == DRAFT]
    if session_ids is not None:
        wanted = set(session_ids)
        drafts = [s for s in drafts if s.id in wanted]
    public = [s for s in sessions if s.state == PUBLISHED] + drafts
    conflicts = find_conflicts(event, public)
    if conflicts and not force:
        names = " ".join(c["message"] for c in conflicts[:5])
        more = len(conflicts) - 5
        if more > 0:
            names += " " + _("(and %(n)d more)", n=more)
        raise PublishRefused(
            _(
                "Publishing refused: %(n)d conflict(s) remain. %(names)s Fix them, or publish "
                "anyway with a reason.",
                n=len(conflicts),
                names=names,
            ),
            conflicts,
        )
    if conflicts and not reason.strip():
        raise PublishRefused(
            _("Give the reason for publishing in spite of the conflicts."), conflicts
        )
    for session in drafts:
        session.state = PUBLISHED
    db.session.flush()
    previous = latest_version(event)
    snapshot = _snapshot(sessions)
    version = AgendaVersion(
        event_id=event.id,
        number=(previous.number + 1) if previous else 1,
        published_by=getattr(actor, "email", "") or "system",
        override_reason=reason.strip() if conflicts else "",
        snapshot=snapshot,
    )
    version.changes = _changes(event, previous.snapshot if previous else {}, snapshot)
    db.session.add(version)
    db.session.flush()
    record(
        "agenda.published_with_conflicts" if conflicts else "agenda.published",
        version,
        after={
            "number": version.number,
            "sessions": len(drafts),
            "conflicts": [c["message"] for c in conflicts],
        },
        reason=version.override_reason,
        actor=actor,
    )
    return version


def versions(event) -> list[AgendaVersion]:
    """Return the publications of the agenda, newest first, with their changes."""
    from sqlalchemy.orm import selectinload

    return list(
        db.session.scalars(
            select(AgendaVersion)
            .where(AgendaVersion.event_id == event.id)
            .options(selectinload(AgendaVersion.changes))
            .order_by(AgendaVersion.number.desc())
        )
    )
