"""Participant categories: the defaults every event starts with (organizers edit them)."""

from sqlalchemy import select

from assembly.extensions import db
from assembly.registration.models import Category

HEAD_OF_DELEGATION = "Head of Delegation"
DELEGATE = "Delegate"
OBSERVER = "Observer"

# name, badge colour, counts toward the quota, is the head, needs the focal point's confirmation
DEFAULT_CATEGORIES = [
    (HEAD_OF_DELEGATION, "#8b0000", True, True, True),
    (DELEGATE, "#1f4e79", True, False, True),
    (OBSERVER, "#2e7d32", False, False, False),
    ("Guest", "#6a1b9a", False, False, True),
    ("Media", "#ef6c00", False, False, False),
    ("Organizer staff", "#37474f", False, False, False),
    ("Security", "#212121", False, False, False),
]


def ensure_default_categories() -> list[Category]:
    """Create the default categories that are missing; return all, in display order."""
    existing = {c.name for c in db.session.scalars(select(Category))}
    for order, (name, colour, quota, head, confirm) in enumerate(DEFAULT_CATEGORIES):
        if name not in existing:
            db.session.add(
                Category(
                    name=name,
                    color=colour,
                    counts_toward_quota=quota,
                    is_head=head,
                    needs_confirmation=confirm,
                    sort_order=order,
                )
            )
    db.session.flush()
    return list(db.session.scalars(select(Category).order_by(Category.sort_order, Category.name)))


def category_by_name(name: str) -> Category | None:
    """Return the category called `name` (case-insensitive)."""
    return db.session.scalars(
        select(Category).where(db.func.lower(Category.name) == name.strip().lower())
    ).first()
