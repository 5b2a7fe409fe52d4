"""Demo data of the badges area, added by `flask assembly seed-demo`."""

from sqlalchemy import select

from assembly.badges.services import ensure_badges
from assembly.extensions import db
from assembly.registration.models import APPROVED, Participant


def seed(event) -> list[str]:
    """Give every approved demo participant a badge (not printed); return lines to print."""
    approved = list(
        db.session.scalars(
            select(Participant).where(
                Participant.event_id == event.id, Participant.state == APPROVED
            )
        )
    )
    badges = ensure_badges(approved)
    return [f"badges: {len(badges)} for approved participants (print them from /admin/badges)"]
