"""Check-in at the door: read a scanned QR token and answer ok, already or refused.

Used by the /checkin page and by POST /api/v1/checkin, so both answer the same.
A scan takes one query to find the badge and one insert to record the entry.
"""

from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from assembly.agenda.models import Room
from assembly.badges import tokens
from assembly.badges.models import Badge, CheckIn
from assembly.core.db import utcnow
from assembly.core.event import Event
from assembly.countries.models import Delegation
from assembly.extensions import db
from assembly.registration.models import APPROVED, REVOKED, Participant

OK = "ok"
ALREADY = "already"
REFUSED = "refused"

UNKNOWN = "unknown"
FORGED = "forged"
OLD_VERSION = "old_version"
NOT_APPROVED = "not_approved"
REASONS = (UNKNOWN, FORGED, OLD_VERSION, REVOKED, NOT_APPROVED)


def reason_message(reason: str) -> str:
    """Return what the door staff reads for a refusal `reason`."""
    return {
        UNKNOWN: _("Unknown code: this is not one of our badges."),
        FORGED: _("Forged code: the signature does not match. Call security."),
        OLD_VERSION: _(
            "Old badge: it was replaced by a reprint. Keep it and send the person "
            "to the pick-up desk."
        ),
        REVOKED: _("Registration revoked: do not let this person in."),
        NOT_APPROVED: _("Registration not approved: send the person to the accreditation desk."),
    }.get(reason, "")


def participant_json(participant: Participant, badge: Badge | None = None) -> dict:
    """Return what the door shows of a participant (no passport data)."""
    delegation = participant.delegation
    return {
        "id": participant.id,
        "name": participant.printed_name,
        "native_name": participant.native_name,
        "title": participant.title,
        "country": delegation.country.iso3 if delegation else None,
        "country_name": delegation.country.name if delegation else None,
        "organization": participant.organization_name if not delegation else "",
        "category": participant.category.name,
        "category_color": participant.category.color,
        "state": participant.state,
        "badge_version": badge.version if badge else None,
        "photo_url": url_for("badges.photo", participant_id=participant.id)
        if participant.photo
        else None,
    }


def _verdict(verdict: str, reason: str = "", participant=None, badge=None, **extra) -> dict:
    messages = {OK: _("Welcome."), ALREADY: _("Already entered today.")}
    return {
        "verdict": verdict,
        "reason": reason,
        "message": messages.get(verdict) or reason_message(reason),
        "participant": participant_json(participant, badge) if participant else None,
        **extra,
    }


def scan(event: Event, text: str, user=None, room: str = "", now: datetime | None = None) -> dict:
    """Check a scanned token and record the entry; return the verdict as a dict.

    Entries are recorded on the local day of the scan (event's time zone), on
    any day, set-up and rehearsal days included. Flushes; the caller commits.
    """
    decoded = tokens.decode(text)
    if decoded.status == tokens.MALFORMED:
        return _verdict(REFUSED, UNKNOWN)
    if decoded.status == tokens.FORGED:
        return _verdict(REFUSED, FORGED)
    badge = db.session.scalars(
        select(Badge)
        .where(Badge.id == decoded.badge_id)
        .options(
            joinedload(Badge.participant).joinedload(Participant.category),
            joinedload(Badge.participant)
            .joinedload(Participant.delegation)
            .joinedload(Delegation.country),
        )
    ).first()
    if badge is None or badge.participant.event_id != event.id or decoded.version > badge.version:
        return _verdict(REFUSED, UNKNOWN)
    participant = badge.participant
    if decoded.version < badge.version:
        return _verdict(REFUSED, OLD_VERSION, participant, badge)
    if participant.state == REVOKED:
        return _verdict(REFUSED, REVOKED, participant, badge)
    if participant.state != APPROVED:
        return _verdict(REFUSED, NOT_APPROVED, participant, badge)
    now = now or utcnow()
    day = event.to_local(now).date()
    room = (room or "").strip()[:100]
    earlier = _entry(participant.id, day, room)
    if earlier is None:
        entry = CheckIn(
            event_id=event.id,
            participant_id=participant.id,
            badge_version=badge.version,
            day=day,
            at=now,
            room=room,
            by_id=getattr(user, "id", None),
        )
        try:
            # A savepoint: two doors scanning the same badge at once give one entry.
            with db.session.begin_nested():
                db.session.add(entry)
            return _verdict(OK, "", participant, badge, day=day.isoformat(), room=room)
        except IntegrityError:
            earlier = _entry(participant.id, day, room)
    first = event.to_local(earlier.at).strftime("%H:%M") if earlier else ""
    return _verdict(
        ALREADY, "", participant, badge, day=day.isoformat(), room=room, first_entry=first
    )


def room_names(event: Event) -> list[str]:
    """Return the names of the event's agenda rooms, in the agenda's order."""
    return list(
        db.session.scalars(
            select(Room.name).where(Room.event_id == event.id).order_by(Room.sort_order, Room.name)
        )
    )


def resolve_room(event: Event, text: str) -> str | None:
    """Return the room a scanning device names: one of the event's rooms, or None if unknown.

    Case and spaces aside ("hall a " is "Hall A"), so that one room's entries are
    counted together; "" is the main entrance. An event without agenda rooms
    takes any name.
    """
    text = " ".join((text or "").split())[:100]
    if not text:
        return ""
    names = room_names(event)
    if not names:
        return text
    return next((name for name in names if name.casefold() == text.casefold()), None)


def _entry(participant_id: int, day, room: str) -> CheckIn | None:
    return db.session.scalars(
        select(CheckIn).where(
            CheckIn.participant_id == participant_id, CheckIn.day == day, CheckIn.room == room
        )
    ).first()
