"""Conflicts of the agenda: what makes a session impossible to hold as planned.

A room with two sessions at once, a person in two places at once, a session
outside the event's days or its room's opening hours, a capacity above the
room's. Cancelled sessions conflict with nothing.
"""

from itertools import combinations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assembly.agenda.models import CANCELLED, PUBLISHED, SessionPerson
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db

ROOM_DOUBLE_BOOKED = "room_double_booked"
PERSON_DOUBLE_BOOKED = "person_double_booked"
OUTSIDE_EVENT_DAYS = "outside_event_days"
OUTSIDE_ROOM_HOURS = "outside_room_hours"
CAPACITY_ABOVE_ROOM = "capacity_above_room"
KINDS = (
    ROOM_DOUBLE_BOOKED,
    PERSON_DOUBLE_BOOKED,
    OUTSIDE_EVENT_DAYS,
    OUTSIDE_ROOM_HOURS,
    CAPACITY_ABOVE_ROOM,
)


def _conflict(kind: str, message: str, *sessions) -> dict:
    return {"kind": kind, "message": message, "session_ids": sorted(s.id for s in sessions)}


def _overlap(a, b) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _local(event, session) -> str:
    start = event.to_local(session.starts_at)
    return start.strftime("%d %b %H:%M")


def _single(event, session) -> list[dict]:
    found = []
    start, end = event.to_local(session.starts_at), event.to_local(session.ends_at)
    if start.date() < event.start_date or end.date() > event.end_date:
        found.append(
            _conflict(
                OUTSIDE_EVENT_DAYS,
                _(
                    "“%(title)s” (%(when)s) is outside the event's days (%(first)s to %(last)s).",
                    title=session.title,
                    when=_local(event, session),
                    first=event.start_date.isoformat(),
                    last=event.end_date.isoformat(),
                ),
                session,
            )
        )
    room = session.room
    if room is None:
        return found
    if start.date() != end.date() or start.time() < room.opens_at or end.time() > room.closes_at:
        found.append(
            _conflict(
                OUTSIDE_ROOM_HOURS,
                _(
                    "“%(title)s” (%(start)s–%(end)s) is outside the opening hours of "
                    "%(room)s (%(opens)s–%(closes)s).",
                    title=session.title,
                    start=start.strftime("%H:%M"),
                    end=end.strftime("%H:%M"),
                    room=room.name,
                    opens=room.opens_at.strftime("%H:%M"),
                    closes=room.closes_at.strftime("%H:%M"),
                ),
                session,
            )
        )
    if session.capacity is not None and session.capacity > room.capacity:
        found.append(
            _conflict(
                CAPACITY_ABOVE_ROOM,
                _(
                    "“%(title)s” offers %(capacity)d seats but %(room)s holds %(room_capacity)d.",
                    title=session.title,
                    capacity=session.capacity,
                    room=room.name,
                    room_capacity=room.capacity,
                ),
                session,
            )
        )
    return found


def _pair(event, a, b) -> list[dict]:
    found = []
    if a.room_id is not None and a.room_id == b.room_id:
        found.append(
            _conflict(
                ROOM_DOUBLE_BOOKED,
                _(
                    "%(room)s is booked twice: “%(a)s” and “%(b)s” overlap on %(when)s.",
                    room=a.room.name,
                    a=a.title,
                    b=b.title,
                    when=_local(event, max(a, b, key=lambda s: s.starts_at)),
                ),
                a,
                b,
            )
        )
    people_a = {sp.person_id: sp.person for sp in a.people}
    for sp in b.people:
        if sp.person_id in people_a:
            people_a.pop(sp.person_id)
            found.append(
                _conflict(
                    PERSON_DOUBLE_BOOKED,
                    _(
                        "%(name)s is in two places at once: “%(a)s” and “%(b)s”.",
                        name=sp.person.name,
                        a=a.title,
                        b=b.title,
                    ),
                    a,
                    b,
                )
            )
    return found


def find_conflicts(event, sessions) -> list[dict]:
    """Return the conflicts among `sessions` (loaded with room and people), in time order."""
    live = sorted((s for s in sessions if s.state != CANCELLED), key=lambda s: s.starts_at)
    found = []
    for session in live:
        found.extend(_single(event, session))
    for a, b in combinations(live, 2):
        if _overlap(a, b):
            found.extend(_pair(event, a, b))
    return found


def load_sessions(event, *, states=None):
    """Return the event's sessions with what conflict checks read, in one query per kind."""
    stmt = (
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id)
        .options(
            selectinload(AgendaSession.room),
            selectinload(AgendaSession.people).selectinload(SessionPerson.person),
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    )
    if states:
        stmt = stmt.where(AgendaSession.state.in_(states))
    return list(db.session.scalars(stmt))


def open_conflicts(event) -> list[dict]:
    """Return every conflict of the event's agenda, drafts included (kind, message, session ids)."""
    return find_conflicts(event, load_sessions(event))


def conflicts_involving(event, session_id: int) -> list[dict]:
    """Return the conflicts `session_id` takes part in."""
    return [c for c in open_conflicts(event) if session_id in c["session_ids"]]


def public_conflicts_involving(event, session_id: int) -> list[dict]:
    """Return the conflicts among the published sessions that `session_id` takes part in."""
    public = find_conflicts(event, load_sessions(event, states=(PUBLISHED,)))
    return [c for c in public if session_id in c["session_ids"]]


def conflict_key(conflict: dict) -> tuple:
    """Return what tells one conflict from another across edits (titles may change)."""
    return conflict["kind"], tuple(conflict["session_ids"])
