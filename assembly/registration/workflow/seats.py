"""Seats and heads: the delegation lock, the quota and category limits, the one
Head of Delegation per country."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from assembly.core.audit import record
from assembly.core.db import lock_rows, utcnow
from assembly.core.security import ADMIN, FOCAL_POINT, OFFICER
from assembly.countries.models import Delegation
from assembly.extensions import db
from assembly.registration.models import APPROVED, OPEN_STATES, Category, Participant
from assembly.registration.workflow.errors import (
    Busy,
    InvalidTransition,
    NotAllowed,
    QuotaExceeded,
)
from assembly.registration.workflow.rules import (
    SEATED,
    STATE_LABELS,
    audit_actor,
    english_outside_requests,
    own_country,
    role_of,
)


def lock(participant: Participant) -> int | None:
    """Lock the participant's delegation (and row) and re-read its state; return the quota.

    Delegation first, then the participant, always in that order so that two
    transactions never wait on each other in a circle (core.db.lock_rows: row
    locks on PostgreSQL, the database's write lock on SQLite).
    """
    db.session.flush()
    quota = None
    try:
        if participant.delegation_id is not None:
            lock_rows(Delegation, Delegation.id == participant.delegation_id)
            quota = db.session.scalar(
                select(Delegation.quota).where(Delegation.id == participant.delegation_id)
            )
        lock_rows(Participant, Participant.id == participant.id)
        db.session.refresh(participant, ["state", "is_head"])
    except OperationalError as exc:
        raise Busy(
            _("Another change to this delegation is in progress; try again in a moment.")
        ) from exc
    return quota


def _seats_taken(participant: Participant, *conditions) -> int:
    return db.session.scalar(
        select(func.count(Participant.id))
        .join(Category, Participant.category_id == Category.id)
        .where(
            Participant.delegation_id == participant.delegation_id,
            Participant.state.in_(SEATED),
            Participant.id != participant.id,
            *conditions,
        )
    )


def _country_name(participant: Participant) -> str:
    return participant.delegation.country.name if participant.delegation else ""


def check_seat(participant: Participant, quota: int | None) -> None:
    """Refuse a seat past the delegation's quota, the category's limit or the one head."""
    if participant.delegation_id is None:
        return
    category = participant.category
    quota_seats = category.counts_toward_quota and quota is not None
    if quota_seats and _seats_taken(participant, Category.counts_toward_quota) >= quota:
        raise QuotaExceeded(
            _(
                "The delegation of %(country)s has reached its quota of %(quota)d confirmed "
                "delegates. Withdraw another registration first, or ask the organizers to "
                "raise the quota.",
                country=_country_name(participant),
                quota=quota,
            )
        )
    limit = category.delegation_limit
    if limit is not None and _seats_taken(participant, Category.id == category.id) >= limit:
        raise QuotaExceeded(
            _(
                "The delegation of %(country)s has reached its limit of %(limit)d confirmed "
                "participants in the category %(category)s.",
                country=_country_name(participant),
                limit=limit,
                category=category.name,
            )
        )
    if category.is_head and not participant.is_head:
        head = current_head(participant.delegation_id)
        if head is not None and head.id != participant.id:
            raise QuotaExceeded(
                _(
                    "The delegation of %(country)s already has a Head of Delegation "
                    "(%(name)s). Name this person Head of Delegation instead, or register "
                    "them as a Delegate.",
                    country=_country_name(participant),
                    name=head.printed_name,
                )
            )


def current_head(delegation_id: int) -> Participant | None:
    """Return the delegation's Head of Delegation, if one is named."""
    return db.session.scalars(
        select(Participant).where(Participant.delegation_id == delegation_id, Participant.is_head)
    ).first()


@english_outside_requests
def set_head_of_delegation(participant: Participant, *, actor, actor_label: str = "") -> None:
    """Name `participant` the Head of Delegation of its country, in place of any other."""
    role = role_of(actor, actor_label)
    if role not in (ADMIN, OFFICER, "system") and not (
        role == FOCAL_POINT and own_country(participant, actor)
    ):
        raise NotAllowed(_("Only the country's focal point can name its Head of Delegation."))
    if participant.delegation_id is None:
        raise InvalidTransition(_("Only a member of a country's delegation can head it."))
    lock(participant)
    if participant.state not in OPEN_STATES:
        raise InvalidTransition(
            _(
                "A %(state)s registration cannot head the delegation.",
                state=STATE_LABELS[participant.state],
            )
        )
    if not participant.category.counts_toward_quota:
        raise InvalidTransition(
            _(
                "Only a Head of Delegation or a Delegate can head the delegation, not %(cat)s.",
                cat=participant.category.name,
            )
        )
    if participant.is_head:
        return
    head_category = db.session.scalars(select(Category).where(Category.is_head)).first()
    old = current_head(participant.delegation_id)
    try:
        with db.session.begin_nested():
            if old is not None:
                old.is_head = False
                db.session.flush()  # clear first: the unique index allows one head
            participant.is_head = True
            db.session.flush()
    except IntegrityError as exc:
        raise QuotaExceeded(
            _("Another Head of Delegation was named at the same moment; reload and check.")
        ) from exc
    who = audit_actor(actor, actor_label)
    if old is not None:
        if old.category.is_head:
            _recategorize(old, _delegate_category())
        record("registration.head_cleared", old, **who, participant_id=old.id)
    if head_category is not None and participant.category_id != head_category.id:
        _recategorize(participant, head_category)
    record(
        "registration.head_named",
        participant,
        before={"is_head": False, "previous_head": old.id if old else None},
        after={"is_head": True},
        **who,
        participant_id=participant.id,
    )
    db.session.flush()


def _delegate_category() -> Category | None:
    return db.session.scalars(
        select(Category)
        .where(Category.counts_toward_quota, ~Category.is_head)
        .order_by(Category.sort_order)
    ).first()


def _recategorize(participant: Participant, category: Category | None) -> None:
    """Switch between the two seat categories (no seat changes); the badge is reprinted."""
    if category is None or participant.category_id == category.id:
        return
    participant.category = category
    if participant.state == APPROVED:
        participant.badge_changed_at = utcnow()
