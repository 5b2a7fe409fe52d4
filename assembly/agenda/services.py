"""Rules of the agenda's sign-ups: seats, waiting lists, clashes, audiences.

Capacity holds under concurrent sign-ups: the session is locked while its seats
are counted (core.db.lock_rows: SELECT ... FOR UPDATE on PostgreSQL, the
database's write lock on SQLite); a sign-up that waits too long for the lock is
refused with "try again", never oversubscribed. Locks are taken participant
first, then sessions in id order. A
registration that closes (rejected, withdrawn, revoked) loses its sign-ups and
its seats go to the first in line. Services flush, never commit.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.exc import OperationalError
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
from assembly.core.db import lock_rows
from assembly.core.mail import queue_mail
from assembly.core.urls import public_url
from assembly.extensions import db
from assembly.registration.models import APPROVED, Participant
from assembly.registration.signals import registration_closed


class AgendaError(Exception):
    """A rule of the agenda refused an action; the message says what to do instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignUpRefused(AgendaError):
    """A participant may not take (or leave) a seat in a session."""


class SignUpBusy(SignUpRefused):
    """The seats could not be locked in time (many sign-ups at once); trying again works."""


def busy() -> SignUpBusy:
    """Return the refusal of a sign-up that could not get its lock (or commit) in time."""
    return SignUpBusy(
        _("Many people are choosing sessions right now: please try again in a moment.")
    )


def _lock(model, row_id: int) -> None:
    try:
        lock_rows(model, model.id == row_id)
    except OperationalError as exc:  # SQLite: "database is locked"; PostgreSQL: lock timeout
        raise busy() from exc


def _read_session(session_id: int) -> AgendaSession | None:
    stmt = select(AgendaSession).where(AgendaSession.id == session_id)
    return db.session.scalars(stmt.execution_options(populate_existing=True)).first()


def lock_session(session_id: int) -> AgendaSession:
    """Return the session, read again with its row locked until the transaction ends."""
    _lock(AgendaSession, session_id)
    session = _read_session(session_id)
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
    # Locked and read again: a registration closing meanwhile must not keep a seat.
    _lock(Participant, participant.id)
    db.session.refresh(participant, ["state"])
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
    # Seats freed without a promotion (say, a room made larger) go to those already in
    # line; a newcomer is seated only when nobody waits.
    promote_waiting(session)
    seated, waiting, last = db.session.execute(
        select(
            func.count(case((SignUp.status == SEATED, 1))),
            func.count(case((SignUp.status == WAITING, 1))),
            func.coalesce(func.max(SignUp.position), 0),
        ).where(SignUp.session_id == session.id)
    ).one()
    capacity = session.effective_capacity
    free = capacity is None or seated < capacity
    status = SEATED if free and not waiting else WAITING
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
    if session.state != PUBLISHED:
        return []  # nobody is offered a seat in a draft or a cancelled session
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


def release_signups(participant: Participant) -> list[SignUp]:
    """Drop every sign-up of a closed registration; its seats go to the first in line."""
    session_ids = db.session.scalars(
        select(SignUp.session_id)
        .where(SignUp.participant_id == participant.id)
        .order_by(SignUp.session_id)
    ).all()
    promoted = []
    for session_id in session_ids:  # in id order, as every lock of several sessions
        # Not lock_session: a lock refused here is the registration change's to report.
        lock_rows(AgendaSession, AgendaSession.id == session_id)
        session = _read_session(session_id)
        signup = db.session.scalars(
            select(SignUp).where(
                SignUp.session_id == session_id, SignUp.participant_id == participant.id
            )
        ).first()
        if session is None or signup is None:
            continue
        was_seated = signup.status == SEATED
        db.session.delete(signup)
        db.session.flush()
        if was_seated:
            promoted += promote_waiting(session)
    return promoted


@registration_closed.connect
def _on_registration_closed(participant: Participant, **details) -> None:
    release_signups(participant)


def personal_agenda_url(participant: Participant) -> str:
    """Return the absolute URL of a participant's personal agenda."""
    from assembly.registration.links import make_token

    return public_url("agenda.personal_agenda", token=make_token(participant))


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
