"""Who may see a registration's personal data.

Passport numbers (and expiry) and dates of birth are shown only to accreditation
officers and organizer admins: never to focal points, check-in staff, the public
or in lists and exports meant for other roles. After a past event, they are erased
altogether (`flask assembly purge-personal-data --event N`).
"""

from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import or_, select

from assembly.core.audit import record
from assembly.core.security import ADMIN, OFFICER
from assembly.extensions import db
from assembly.registration import photos
from assembly.registration.models import Participant

# The fields this rule hides from everyone else.
PERSONAL_FIELDS = ("passport_number", "passport_expiry", "date_of_birth")


def can_see_personal_data(user) -> bool:
    """Tell whether `user` may see passport numbers and dates of birth (officers, admins)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "active", True):
        return False
    return getattr(user, "role", None) in (ADMIN, OFFICER)


class PurgeRefused(Exception):
    """The event is not over: its participants' data are still needed."""


class Purged(NamedTuple):
    """What a purge erased, and the files to delete once it is committed."""

    participants: int
    photos: int
    files: list[Path]


def purge_personal_data(event, *, today: date | None = None) -> Purged:
    """Erase passport data, dates of birth and photos of a past event's participants.

    The photo files (with their badge-size copies) are only returned: the caller
    deletes them once it has committed, so that a failed commit loses nothing.
    """
    today = today or datetime.now(event.tz).date()
    if event.end_date >= today:
        raise PurgeRefused(
            f"event {event.number} ({event.name}) ends on {event.end_date.isoformat()}: "
            "only a past event's personal data can be purged"
        )
    participants = db.session.scalars(
        select(Participant).where(
            Participant.event_id == event.id,
            or_(
                Participant.passport_number != "",
                Participant.passport_expiry.is_not(None),
                Participant.date_of_birth.is_not(None),
                Participant.photo.is_not(None),
            ),
        )
    ).all()
    names = [p.photo for p in participants if p.photo]
    for participant in participants:
        participant.passport_number = ""
        participant.passport_expiry = None
        participant.date_of_birth = None
        participant.photo = None
    db.session.flush()
    record(
        "event.personal_data_purged",
        event,
        after={"participants": len(participants), "photos": len(names)},
        actor_label="cli",
    )
    files = [path for name in names for path in photos.photo_files(name)]
    return Purged(len(participants), len(names), files)
