"""The organizers' changes to the agenda: one set of rules for the editor and the API.

Sessions (checked by validation.py) are saved with their chairs and speakers,
moved, duplicated, cancelled, deleted; changes to a published session raise its
iCal SEQUENCE and mail who signed up. A change that would make a conflict among
the published sessions is refused, as publishing is, unless an admin saves it
anyway with a reason (kept in the audit log).
"""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from assembly.agenda import services
from assembly.agenda.conflicts import (
    conflict_key,
    conflicts_involving,
    public_conflicts_involving,
)
from assembly.agenda.models import (
    CANCELLED,
    CHAIR,
    DRAFT,
    PUBLISHED,
    SPEAKER,
    Person,
    SessionPerson,
    SignUp,
)
from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.validation import parse_moment, validate_session
from assembly.core.audit import record
from assembly.core.mail import queue_mail
from assembly.extensions import db


def _person(event, entry: dict) -> Person:
    person = db.session.scalars(
        select(Person).where(Person.event_id == event.id, Person.name == entry["name"])
    ).first()
    if person is None:
        person = Person(event_id=event.id, name=entry["name"])
        db.session.add(person)
    if entry.get("title"):
        person.title = entry["title"]
    if entry.get("affiliation"):
        person.affiliation = entry["affiliation"]
    return person


def _set_people(event, session: AgendaSession, chairs, speakers) -> None:
    keep = [sp for sp in session.people if (sp.role == CHAIR and chairs is None)]
    keep += [sp for sp in session.people if (sp.role == SPEAKER and speakers is None)]
    session.people = keep
    db.session.flush()
    for role, entries in ((CHAIR, chairs), (SPEAKER, speakers)):
        seen = set()
        for position, entry in enumerate(entries or []):
            person = _person(event, entry)
            db.session.flush()
            if person.id in seen:
                continue
            seen.add(person.id)
            session.people.append(SessionPerson(person=person, role=role, position=position))


def _describe(session: AgendaSession) -> dict:
    """Return what a session shows, to tell whether an edit changed anything (and audit it)."""
    return {
        "title": session.title,
        "description": session.description,
        "type": session.type,
        "starts_at": session.starts_at.isoformat() if session.starts_at else None,
        "ends_at": session.ends_at.isoformat() if session.ends_at else None,
        "room_id": session.room_id,
        "capacity": session.capacity,
        "languages": list(session.languages or []),
        "audience": session.audience,
        "themes": [t.slug for t in session.themes],
        "categories": [c.name for c in session.categories],
        "people": [
            [sp.role, sp.person.name, sp.person.title, sp.person.affiliation]
            for sp in session.people
        ],
        "state": session.state,
    }


class ChangeRefused(services.AgendaError):
    """A change to a published session would make conflicts public; `conflicts` lists them."""

    def __init__(self, message: str, conflicts: list[dict]):
        super().__init__(message)
        self.conflicts = conflicts


def _check_public_conflicts(event, session, before: set, force: bool, reason: str) -> list:
    """Refuse conflicts a change makes public, unless forced with a reason; return them."""
    made = [
        c for c in public_conflicts_involving(event, session.id) if conflict_key(c) not in before
    ]
    if made and not force:
        names = " ".join(c["message"] for c in made[:5])
        raise ChangeRefused(
            _(
                "Not saved: “%(title)s” is published, and this change would make %(n)d "
                "conflict(s) public. %(names)s Fix them, or save anyway with a reason.",
                title=session.title,
                n=len(made),
                names=names,
            ),
            made,
        )
    if made and not reason.strip():
        raise ChangeRefused(_("Give the reason for saving in spite of the conflicts."), made)
    return made


def save_session(
    event,
    session: AgendaSession | None,
    clean: dict,
    *,
    actor=None,
    force: bool = False,
    reason: str = "",
):
    """Create or update a session from clean fields; return (session, its conflicts).

    Raise ChangeRefused when a published session would be put into a conflict,
    unless `force` with a `reason`.
    """
    created = session is None
    if created:
        session = AgendaSession(event_id=event.id, event=event, state=DRAFT, languages=[])
        db.session.add(session)
    published = not created and session.state == PUBLISHED
    # Conflicts it already had (published with a reason, say) are not the change's.
    public_before = set()
    if published:
        public_before = {conflict_key(c) for c in public_conflicts_involving(event, session.id)}
    before = None if created else _describe(session)
    old_capacity = None if created else session.effective_capacity
    people = {k: clean.pop(k, None) for k in ("chairs", "speakers")}
    for field, value in clean.items():
        setattr(session, field, value)
    db.session.flush()
    if people["chairs"] is not None or people["speakers"] is not None:
        _set_people(event, session, people["chairs"], people["speakers"])
    db.session.flush()
    db.session.refresh(session, ["room"])
    after = _describe(session)
    overridden = (
        _check_public_conflicts(event, session, public_before, force, reason) if published else []
    )
    if not created and session.state != DRAFT and before != after:
        session.sequence += 1
        moved = any(before[k] != after[k] for k in ("starts_at", "ends_at", "room_id"))
        if moved and session.state == PUBLISHED:
            _mail_signed_up(session, "agenda_changed")
        new_capacity = session.effective_capacity
        if new_capacity is None or (old_capacity is not None and new_capacity > old_capacity):
            services.promote_waiting(session)
    action = "agenda.session_created" if created else "agenda.session_updated"
    if overridden:
        action += "_with_conflicts"
        after["conflicts"] = [c["message"] for c in overridden]
    reason = reason.strip() if overridden else ""
    record(action, session, before=before, after=after, reason=reason, actor=actor)
    db.session.flush()
    return session, conflicts_involving(event, session.id)


def move_session(
    event,
    session: AgendaSession,
    start_local: datetime,
    room_id,
    *,
    actor=None,
    force: bool = False,
    reason: str = "",
):
    """Move a session to a new start (event time) and room, keeping its length."""
    length = session.ends_at - session.starts_at
    start = parse_moment(event, start_local)
    data = {"starts_at": start, "ends_at": start + length, "room_id": room_id}
    clean, errors = validate_session(event, data, current=session)
    if errors:
        raise services.AgendaError("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    return save_session(event, session, clean, actor=actor, force=force, reason=reason)


def duplicate_session(event, session: AgendaSession, *, actor=None) -> AgendaSession:
    """Copy a session as a new draft, with its themes, categories and people."""
    copy = AgendaSession(
        event_id=event.id,
        title=_("%(title)s (copy)", title=session.title)[:300],
        description=session.description,
        type=session.type,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room_id=session.room_id,
        capacity=session.capacity,
        languages=list(session.languages or []),
        audience=session.audience,
        state=DRAFT,
        themes=list(session.themes),
        categories=list(session.categories),
        people=[
            SessionPerson(person_id=sp.person_id, role=sp.role, position=sp.position)
            for sp in session.people
        ],
    )
    db.session.add(copy)
    db.session.flush()
    record("agenda.session_duplicated", copy, after={"from": session.id}, actor=actor)
    return copy


def cancel_session(session: AgendaSession, *, actor=None, reason: str = "") -> None:
    """Cancel a session: it stays in the feeds as cancelled and who signed up is told."""
    if session.state == CANCELLED:
        raise services.AgendaError(_("“%(title)s” is already cancelled.", title=session.title))
    was_published = session.state == PUBLISHED
    session.state = CANCELLED
    session.sequence += 1
    reason = (reason or "").strip()
    if was_published:
        _mail_signed_up(session, "agenda_cancelled", reason=reason)
    record("agenda.session_cancelled", session, reason=reason, actor=actor)
    db.session.flush()


def delete_session(session: AgendaSession, *, actor=None) -> None:
    """Delete a draft; a session once published must be cancelled instead."""
    if session.state != DRAFT:
        raise services.AgendaError(
            _(
                "“%(title)s” has been published: cancel it instead, so that calendars and "
                "participants are told.",
                title=session.title,
            )
        )
    record("agenda.session_deleted", session, before=_describe(session), actor=actor)
    db.session.delete(session)
    db.session.flush()


def _mail_signed_up(session: AgendaSession, template: str, **context) -> int:
    signups = list(
        db.session.scalars(
            select(SignUp).where(SignUp.session_id == session.id).order_by(SignUp.position)
        )
    )
    for signup in signups:
        participant = signup.participant
        with force_locale(participant.language or "en"):
            if template == "agenda_cancelled":
                subject = _("Cancelled: %(title)s", title=session.title)
            else:
                subject = _("Changed: %(title)s", title=session.title)
        queue_mail(
            participant.email,
            subject,
            template,
            participant.language,
            participant=participant,
            session=session,
            when=services._when(session),
            room=session.room.name if session.room else "",
            status=signup.status,
            url=services.personal_agenda_url(participant),
            **context,
        )
    return len(signups)
