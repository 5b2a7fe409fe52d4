"""Participant categories: the defaults every event starts with, and the organizers' edits.

Categories are data: organizers add, rename, recolour and delete them from the
dashboard. A category's name and colour print on its badges, so changing either
marks its approved participants' badges for reprint. One category at most is the
Head of Delegation's, and it counts toward the delegation's quota.
"""

import re

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from assembly.core.audit import record
from assembly.core.db import utcnow
from assembly.extensions import db
from assembly.registration.models import APPROVED, Category, Participant

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
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# What a badge shows of its category: a change to these needs a reprint.
PRINTED = ("name", "color")
# The agenda's table of sessions restricted to categories (read here by name:
# registration sits below the agenda and does not import it).
SESSION_CATEGORY_TABLE = "agenda_session_category"


class CategoryError(Exception):
    """A category change is refused; `field` names the form field the message is about."""

    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.message = message
        self.field = field


def ensure_default_categories() -> list[Category]:
    """Create the default categories when there are none; return all, in display order.

    Only an empty table is seeded: a default an organizer renamed or deleted stays so.
    """
    if db.session.scalar(select(Category.id).limit(1)) is None:
        for order, (name, colour, quota, head, confirm) in enumerate(DEFAULT_CATEGORIES):
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


def categories_in_use() -> list[tuple[Category, int]]:
    """Return every category in display order with how many registrations it has."""
    used = (
        select(Participant.category_id, func.count(Participant.id).label("n"))
        .group_by(Participant.category_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Category, func.coalesce(used.c.n, 0))
        .outerjoin(used, used.c.category_id == Category.id)
        .order_by(Category.sort_order, Category.name)
    )
    return [(category, n) for category, n in rows]


def _registrations(category: Category) -> int:
    return db.session.scalar(
        select(func.count(Participant.id)).where(Participant.category_id == category.id)
    )


def snapshot(category: Category) -> dict:
    """Return what the audit log keeps of a category."""
    return {
        "name": category.name,
        "color": category.color,
        "delegation_limit": category.delegation_limit,
        "counts_toward_quota": category.counts_toward_quota,
        "is_head": category.is_head,
        "needs_confirmation": category.needs_confirmation,
        "sort_order": category.sort_order,
    }


def _check(
    category: Category | None,
    name: str,
    color: str,
    delegation_limit: int | None,
    counts_toward_quota: bool,
    is_head: bool,
) -> None:
    if not name:
        raise CategoryError(_("Give the category a name."))
    clash = category_by_name(name)
    if clash is not None and clash is not category:
        raise CategoryError(_("There is already a category called %(name)s.", name=clash.name))
    if not COLOR.match(color or ""):
        raise CategoryError(_("The colour must look like #1f4e79."), "color")
    if delegation_limit is not None and delegation_limit < 0:
        raise CategoryError(_("A limit cannot be negative."), "delegation_limit")
    if is_head and not counts_toward_quota:
        raise CategoryError(
            _("The Head of Delegation's category must count toward the quota."), "is_head"
        )
    if is_head:
        heads = select(Category).where(Category.is_head)
        if category is not None:
            heads = heads.where(Category.id != category.id)
        other = db.session.scalars(heads).first()
        if other is not None:
            raise CategoryError(
                _(
                    "%(name)s is already the Head of Delegation's category; there can be one.",
                    name=other.name,
                ),
                "is_head",
            )
    if category is not None and category.is_head != is_head and _registrations(category):
        raise CategoryError(
            _(
                "Registrations use this category: whether it is the Head of Delegation's "
                "cannot change now."
            ),
            "is_head",
        )


def save_category(
    category: Category | None,
    *,
    name: str,
    color: str,
    delegation_limit: int | None,
    counts_toward_quota: bool,
    is_head: bool,
    needs_confirmation: bool,
    sort_order: int | None = None,
    actor=None,
) -> tuple[Category, int]:
    """Create or update a category; return it and how many badges now need a reprint.

    Raise CategoryError naming the field at fault. A new name or colour marks
    the category's approved badges for reprint.
    """
    name = " ".join((name or "").split())
    color = (color or "").lower()
    _check(category, name, color, delegation_limit, counts_toward_quota, is_head)
    before = snapshot(category) if category is not None else None
    if category is None:
        if sort_order is None:
            last = db.session.scalar(select(func.max(Category.sort_order)))
            sort_order = 0 if last is None else last + 1
        category = Category()
        db.session.add(category)
    category.name, category.color = name, color
    category.delegation_limit = delegation_limit
    category.counts_toward_quota, category.is_head = counts_toward_quota, is_head
    category.needs_confirmation = needs_confirmation
    if sort_order is not None:
        category.sort_order = sort_order
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same name saved by someone else at this moment
        raise CategoryError(_("There is already a category called %(name)s.", name=name)) from exc
    after = snapshot(category)
    if before == after:
        return category, 0
    reprints = 0
    if before is not None and any(before[k] != after[k] for k in PRINTED):
        reprints = mark_badges_for_reprint(category)
    record(
        "category.create" if before is None else "category.update",
        category,
        before=before,
        after={**after, "badges_to_reprint": reprints} if reprints else after,
        actor=actor,
    )
    return category, reprints


def mark_badges_for_reprint(category: Category) -> int:
    """Mark the badges of the category's approved participants as changed; return how many.

    This is the mark a badge-field edit leaves (`Participant.badge_changed_at`,
    which print runs compare with the badge's `printed_at`), without the rest of
    such an edit: the participants' own details did not change, so their
    approval stands and nobody is mailed.
    """
    result = db.session.execute(
        update(Participant)
        .where(Participant.category_id == category.id, Participant.state == APPROVED)
        .values(badge_changed_at=utcnow()),
        execution_options={"synchronize_session": "fetch"},
    )
    return result.rowcount


def delete_category(category: Category, *, actor=None) -> None:
    """Delete a category no registration uses; raise CategoryError saying why when one does."""
    used = _registrations(category)
    if used:
        raise CategoryError(
            ngettext(
                "%(name)s cannot be deleted: %(num)d registration uses it. Move it to "
                "another category first.",
                "%(name)s cannot be deleted: %(num)d registrations use it. Move them to "
                "another category first.",
                used,
                name=category.name,
            )
        )
    sessions = db.metadata.tables.get(SESSION_CATEGORY_TABLE)
    if sessions is not None:
        restricted = db.session.scalar(
            select(func.count()).select_from(sessions).where(sessions.c.category_id == category.id)
        )
        if restricted:
            raise CategoryError(
                ngettext(
                    "%(name)s cannot be deleted: %(num)d agenda session is restricted to it. "
                    "Change its audience first.",
                    "%(name)s cannot be deleted: %(num)d agenda sessions are restricted to it. "
                    "Change their audience first.",
                    restricted,
                    name=category.name,
                )
            )
    record("category.delete", category, before=snapshot(category), actor=actor)
    db.session.delete(category)
    db.session.flush()
