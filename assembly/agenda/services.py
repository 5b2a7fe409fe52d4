"""Rules of the agenda's sign-ups: seats, waiting lists, clashes, audiences.

Capacity holds under concurrent sign-ups: on PostgreSQL the session's row is
locked (SELECT ... FOR UPDATE) while its seats are counted; SQLite serializes
writers. Services flush, never commit.
"""

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from assembly.agenda.models import (
    CANCELLED,
    CATEGORIES,
    DELEGATES,
    PUBLISHED,
    SEATED,
    WAITING,
    Room,
    SignUp,
)
from assembly.agenda.models import Session as AgendaSession
from assembly.core.mail import queue_mail
from assembly.extensions import db
from assembly.registration.models import APPROVED, Participant


class AgendaError(Exception):
    """A rule of the agenda refused an action; the message says what to do instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignUpRefused(AgendaError):
    """A participant may not take (or leave) a seat in a session."""


def is_postgresql() -> bool:
    """Tell whether the database has real row locks."""
    return db.session.get_bind().dialect.name == "postgresql"


def lock_session(session_id: int) -> AgendaSession:
    """Return the session, its row locked until the transaction ends (PostgreSQL)."""
    stmt = select(AgendaSession).where(AgendaSession.id == session_id)
    if is_postgresql():
        stmt = stmt.with_for_update()
    session = db.session.scalars(stmt.execution_options(populate_existing=True)).first()
    if session is None:
        raise SignUpRefused(_("This session does not exist any more."))
    return session


def seat_counts(session_ids) -> dict[int, dict]:
    """Return {session id: {"seated": n, "waiting": n}} in one query."""
    ids = list(session_ids)
    counts = {i: {"seated": 0, "waiting": 0} for i in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(SignUp.session_id, SignUp.status, func.count())
        .where(SignUp.session_id.in_(ids))
        .group_by(SignUp.session_id, SignUp.status)
    )
    for session_id, status, n in rows:
        counts[session_id][status] = n
    return counts


def seats_left(session: AgendaSession, seated: int) -> int | None:
    """Return the free seats of a session (None: no limit)."""
    capacity = session.effective_capacity
    return None if capacity is None else max(capacity - seated, 0)


def _when(session: AgendaSession) -> str:
    event = session.event
    start, end = event.to_local(session.starts_at), event.to_local(session.ends_at)
    return f"{start:%a %d %b %H:%M}–{end:%H:%M}"


def check_audience(participant: Participant, session: AgendaSession) -> None:
    """Refuse a participant the session's audience does not include."""
    if session.audience == DELEGATES and not participant.category.counts_toward_quota:
        raise SignUpRefused(
            _(
                "“%(title)s” is for heads of delegation and delegates only.",
                title=session.title,
            )
        )
    if session.audience == CATEGORIES and participant.category_id not in {
        c.id for c in session.categories
    }:
        names = ", ".join(c.name for c in session.categories)
        raise SignUpRefused(
            _(
                "“%(title)s” is open only to: %(names)s. Your category (%(category)s) is not "
                "among them.",
                title=session.title,
                names=names,
                category=participant.category.name,
            )
        )


def _clash(participant: Participant, session: AgendaSession) -> AgendaSession | None:
    return db.session.scalars(
        select(AgendaSession)
        .join(SignUp, SignUp.session_id == AgendaSession.id)
        .where(
            SignUp.participant_id == participant.id,
            AgendaSession.id != session.id,
            AgendaSession.state != CANCELLED,
            AgendaSession.starts_at < session.ends_at,
            AgendaSession.ends_at > session.starts_at,
        )
        .order_by(AgendaSession.starts_at)
        .limit(1)
    ).first()


def sign_up(participant: Participant, session_id: int) -> SignUp:
    """Seat `participant` in a session, or put them on its waiting list when it is full."""
    if participant.state != APPROVED:
        raise SignUpRefused(
            _("Only approved registrations can choose sessions; yours is not approved yet.")
        )
    session = lock_session(session_id)
    if session.state != PUBLISHED or session.event_id != participant.event_id:
        raise SignUpRefused(_("“%(title)s” is not open for sign-up.", title=session.title))
    existing = db.session.scalars(
        select(SignUp).where(
            SignUp.session_id == session.id, SignUp.participant_id == participant.id
        )
    ).first()
    if existing is not None:
        return existing
    check_audience(participant, session)
    clash = _clash(participant, session)
    if clash is not None:
        raise SignUpRefused(
            _(
                "“%(title)s” overlaps “%(other)s” (%(when)s), which you already chose. "
                "Leave that one first.",
                title=session.title,
                other=clash.title,
                when=_when(clash),
            )
        )
    seated, last = db.session.execute(
        select(
            func.count(case((SignUp.status == SEATED, 1))),
            func.coalesce(func.max(SignUp.position), 0),
        ).where(SignUp.session_id == session.id)
    ).one()
    capacity = session.effective_capacity
    status = SEATED if capacity is None or seated < capacity else WAITING
    signup = SignUp(
        session_id=session.id, participant_id=participant.id, status=status, position=last + 1
    )
    db.session.add(signup)
    db.session.flush()
    return signup


def withdraw(participant: Participant, session_id: int) -> SignUp | None:
    """Give up a seat or a waiting-list place; return the sign-up promoted to the seat, if any."""
    session = lock_session(session_id)
    signup = db.session.scalars(
        select(SignUp).where(
            SignUp.session_id == session.id, SignUp.participant_id == participant.id
        )
    ).first()
    if signup is None:
        raise SignUpRefused(_("You are not signed up for “%(title)s”.", title=session.title))
    was_seated = signup.status == SEATED
    db.session.delete(signup)
    db.session.flush()
    promoted = promote_waiting(session) if was_seated else []
    return promoted[0] if promoted else None


def promote_waiting(session: AgendaSession) -> list[SignUp]:
    """Give free seats to the first in line on the waiting list, mailing each; call locked."""
    capacity = session.effective_capacity
    seated = db.session.scalar(
        select(func.count()).where(SignUp.session_id == session.id, SignUp.status == SEATED)
    )
    free = None if capacity is None else capacity - seated
    if free is not None and free <= 0:
        return []
    stmt = (
        select(SignUp)
        .where(SignUp.session_id == session.id, SignUp.status == WAITING)
        .order_by(SignUp.position)
    )
    if free is not None:
        stmt = stmt.limit(free)
    promoted = list(db.session.scalars(stmt))
    for signup in promoted:
        signup.status = SEATED
        _mail_promoted(signup.participant, session)
    db.session.flush()
    return promoted


def personal_agenda_url(participant: Participant) -> str:
    """Return the absolute URL of a participant's personal agenda."""
    from assembly.registration.links import make_token

    return url_for("agenda.personal_agenda", token=make_token(participant), _external=True)


def _mail_promoted(participant: Participant, session: AgendaSession) -> None:
    with force_locale(participant.language or "en"):
        subject = _("A seat is yours: %(title)s", title=session.title)
    queue_mail(
        participant.email,
        subject,
        "agenda_promoted",
        participant.language,
        participant=participant,
        session=session,
        when=_when(session),
        room=session.room.name if session.room else "",
        url=personal_agenda_url(participant),
    )


def sessions_filling_up(event, limit: int = 10) -> list[dict]:
    """Return the published sessions closest to full (title, start, room, seats, taken, waiting)."""
    sessions = list(
        db.session.scalars(
            select(AgendaSession)
            .where(AgendaSession.event_id == event.id, AgendaSession.state == PUBLISHED)
            .options(joinedload(AgendaSession.room))
        )
    )
    counts = seat_counts(s.id for s in sessions)
    rows = []
    for s in sessions:
        seats = s.effective_capacity
        if not seats:
            continue
        c = counts[s.id]
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "start": event.to_local(s.starts_at),
                "room": s.room.name if s.room else "",
                "seats": seats,
                "taken": c["seated"],
                "waiting": c["waiting"],
            }
        )
    rows.sort(key=lambda r: (-(r["taken"] + r["waiting"]) / r["seats"], r["start"]))
    return rows[:limit]


def participant_sessions(participant: Participant) -> list[dict]:
    """Return a participant's chosen sessions in time order, with seat status."""
    rows = db.session.execute(
        select(AgendaSession, SignUp.status, Room.name)
        .join(SignUp, SignUp.session_id == AgendaSession.id)
        .outerjoin(Room, Room.id == AgendaSession.room_id)
        .where(SignUp.participant_id == participant.id, AgendaSession.state != CANCELLED)
        .order_by(AgendaSession.starts_at)
    )
    event = participant.event
    return [
        {
            "id": s.id,
            "title": s.title,
            "start": event.to_local(s.starts_at),
            "end": event.to_local(s.ends_at),
            "room": room or "",
            "status": status,
        }
        for s, status, room in rows
    ]


def signups_of(participant: Participant) -> dict[int, str]:
    """Return {session id: status} of a participant's sign-ups."""
    return dict(
        db.session.execute(
            select(SignUp.session_id, SignUp.status).where(SignUp.participant_id == participant.id)
        ).all()
    )
