"""Badge rules: which badges to print, print runs, reprint, the pick-up desk, figures.

Services flush but never commit; the view (or the task) commits once.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from assembly.badges.models import (
    FORMAT_A6,
    FORMATS,
    QUEUED,
    Badge,
    CheckIn,
    PrintRun,
)
from assembly.core.db import utcnow
from assembly.core.event import Event
from assembly.core.text import fold, like_escape
from assembly.countries.models import Country, Delegation
from assembly.extensions import db
from assembly.registration.models import APPROVED, Category, Participant


class BadgeError(Exception):
    """A badge action is not possible; the message says why and what to do."""


def ensure_badge(participant: Participant) -> Badge:
    """Return the participant's badge, creating it (version 1, not printed) if needed."""
    badge = db.session.scalars(select(Badge).where(Badge.participant_id == participant.id)).first()
    if badge is None:
        badge = Badge(participant=participant, version=1)
        db.session.add(badge)
        db.session.flush()
    return badge


def ensure_badges(participants: list[Participant]) -> dict[int, Badge]:
    """Return the badges of `participants` by participant id, creating the missing ones."""
    ids = [p.id for p in participants]
    badges = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for badge in db.session.scalars(select(Badge).where(Badge.participant_id.in_(chunk))):
            badges[badge.participant_id] = badge
    for participant in participants:
        if participant.id not in badges:
            badge = Badge(participant_id=participant.id, version=1)
            db.session.add(badge)
            badges[participant.id] = badge
    db.session.flush()
    return badges


def sort_key(participant: Participant) -> tuple:
    """Return the print order: country (organizations last), category, then name."""
    delegation = participant.delegation
    place = (0, delegation.country.name) if delegation else (1, participant.organization_name)
    category = participant.category
    return (
        *place,
        category.sort_order,
        category.name,
        participant.family_name.casefold(),
        participant.printed_name.casefold(),
        participant.id,
    )


def select_participants(
    event: Event,
    *,
    country: str | None = None,
    category: str | None = None,
    never_printed: bool = False,
    changed: bool = False,
) -> list[Participant]:
    """Return the approved participants matching the filters, in print order.

    `never_printed`: badges not printed yet (or waiting for a reprint);
    `changed`: badges printed before the last change of a badge field.
    Both given: either of the two.
    """
    stmt = (
        select(Participant)
        .outerjoin(Badge, Badge.participant_id == Participant.id)
        .where(Participant.event_id == event.id, Participant.state == APPROVED)
        .options(
            joinedload(Participant.category),
            joinedload(Participant.delegation).joinedload(Delegation.country),
        )
    )
    if country:
        stmt = (
            stmt.join(Delegation, Participant.delegation_id == Delegation.id)
            .join(Country, Delegation.country_id == Country.id)
            .where(Country.iso3 == country.upper())
        )
    if category:
        stmt = stmt.join(Category, Participant.category_id == Category.id).where(
            func.lower(Category.name) == category.strip().lower()
        )
    conditions = []
    if never_printed:
        conditions.append(Badge.printed_at.is_(None))
    if changed:
        conditions.append(
            Badge.printed_at.is_not(None) & (Participant.badge_changed_at > Badge.printed_at)
        )
    if conditions:
        stmt = stmt.where(or_(*conditions))
    return sorted(db.session.scalars(stmt).unique(), key=sort_key)


def start_print_run(
    event: Event, user, filters: dict, fmt: str, back_side: bool = False
) -> PrintRun:
    """Freeze the selection and queue a print run; raise BadgeError when nothing matches."""
    if fmt not in FORMATS:
        raise BadgeError(_("Unknown badge format: %(format)s.", format=fmt))
    filters = dict(filters)
    if filters.get("country"):
        filters["country"] = filters["country"].strip().upper()
        known = db.session.scalar(select(Country.id).where(Country.iso3 == filters["country"]))
        if known is None:
            raise BadgeError(_("No country has the code %(code)s.", code=filters["country"]))
    if filters.get("category"):
        from assembly.registration.categories import category_by_name

        category = category_by_name(filters["category"])
        if category is None:
            raise BadgeError(_("No category is called %(name)s.", name=filters["category"]))
        filters["category"] = category.name
    participants = select_participants(event, **filters)
    if not participants:
        raise BadgeError(_("No approved participant matches these filters: nothing to print."))
    return queue_print_run(
        event, user, participants, {k: v for k, v in filters.items() if v}, fmt, back_side
    )


def queue_print_run(
    event: Event,
    user,
    participants: list[Participant],
    filters: dict,
    fmt: str,
    back_side: bool = False,
) -> PrintRun:
    """Queue a print run of exactly `participants`, in print order; flush, never commit.

    The selection is frozen (the run keeps the ids) and every badge exists
    before the worker starts; `filters` only records how the run was chosen.
    The caller hands the run's id to the background job once committed.
    """
    ordered = sorted(participants, key=sort_key)
    ensure_badges(ordered)
    run = PrintRun(
        event=event,
        created_by=user,
        filters=filters,
        format=fmt,
        back_side=back_side,
        state=QUEUED,
        participant_ids=[p.id for p in ordered],
        total=len(ordered),
        progress=0,
    )
    db.session.add(run)
    db.session.flush()
    return run


def print_one(event: Event, user, participant: Participant, fmt: str = FORMAT_A6) -> PrintRun:
    """Queue a print run of one approved participant's badge (printed at once by the caller)."""
    if participant.event_id != event.id or participant.state != APPROVED:
        raise BadgeError(_("Only an approved participant's badge can be printed."))
    if fmt not in FORMATS:
        raise BadgeError(_("Unknown badge format: %(format)s.", format=fmt))
    badge = ensure_badge(participant)
    changed = participant.badge_changed_at
    if badge.printed_at is not None and (changed is None or changed <= badge.printed_at):
        # A second valid copy of a badge is one more way in: replacing it is a Reprint.
        raise BadgeError(
            _(
                "This badge is printed and unchanged since. If it was lost or damaged, "
                "reprint it at the pick-up desk: the old one is then refused at the door."
            )
        )
    return queue_print_run(event, user, [participant], {"badge": participant.printed_name}, fmt)


def reprint(participant: Participant, user=None) -> Badge:
    """Replace a lost or damaged badge: raise its version and queue it for printing."""
    if participant.state != APPROVED:
        raise BadgeError(_("Only an approved participant's badge can be reprinted."))
    badge = ensure_badge(participant)
    if badge.printed_at is not None:
        badge.version += 1
    badge.printed_at = badge.print_run_id = None
    badge.collected_at = badge.collected_by_id = None
    db.session.flush()
    return badge


def collect(participant: Participant, user) -> Badge:
    """Mark a printed badge as handed over at the pick-up desk."""
    if participant.state != APPROVED:
        raise BadgeError(_("This registration is not approved: do not hand over a badge."))
    badge = ensure_badge(participant)
    if badge.printed_at is None:
        raise BadgeError(_("This badge has not been printed yet: print it first."))
    if badge.collected_at is not None:
        raise BadgeError(_("This badge was already collected."))
    badge.collected_at, badge.collected_by = utcnow(), user
    db.session.flush()
    return badge


def find_for_pickup(event: Event, query: str, limit: int = 20) -> list[Participant]:
    """Find participants by name (any part; accents and case aside) or by their badge's QR."""
    from assembly.badges import tokens

    query = (query or "").strip()
    if not query:
        return []
    options = (
        joinedload(Participant.category),
        joinedload(Participant.delegation).joinedload(Delegation.country),
    )
    decoded = tokens.decode(query)
    if decoded.status == tokens.OK:
        stmt = select(Participant).join(Badge).where(Badge.id == decoded.badge_id)
        return list(
            db.session.scalars(stmt.where(Participant.event_id == event.id).options(*options))
        )
    # Each word anywhere in the folded names: "ibanez jose" finds "José Ibáñez".
    words = [
        Participant.search_name.like(f"%{like_escape(word)}%", escape="\\")
        for word in fold(query).split()[:6]
    ]
    if not words:
        return []
    stmt = (
        select(Participant)
        .where(Participant.event_id == event.id, *words)
        .options(*options)
        .order_by(Participant.family_name, Participant.given_name)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def badges_by_participant(ids: list[int]) -> dict[int, Badge]:
    """Return the existing badges of these participants, by participant id."""
    if not ids:
        return {}
    return {
        b.participant_id: b
        for b in db.session.scalars(select(Badge).where(Badge.participant_id.in_(ids)))
    }


def collection_by_country(event: Event) -> list[dict]:
    """Return printed, collected and not collected badges per country (iso3, name, ...)."""
    stmt = (
        select(
            Country.iso3,
            Country.name,
            func.count(Badge.id).filter(Badge.printed_at.is_not(None)),
            func.count(Badge.id).filter(Badge.collected_at.is_not(None)),
        )
        .select_from(Badge)
        .join(Participant, Badge.participant_id == Participant.id)
        .join(Delegation, Participant.delegation_id == Delegation.id)
        .join(Country, Delegation.country_id == Country.id)
        .where(Participant.event_id == event.id, Participant.state == APPROVED)
        .group_by(Country.iso3, Country.name)
        .order_by(Country.name)
    )
    rows = []
    for iso3, name, printed, collected in db.session.execute(stmt):
        if printed or collected:
            rows.append(
                {
                    "iso3": iso3,
                    "name": name,
                    "printed": printed,
                    "collected": collected,
                    "not_collected": max(printed - collected, 0),
                }
            )
    return rows


def entries_per_day(event: Event) -> list[dict]:
    """Return the number of people who entered, per local day, oldest first."""
    stmt = (
        select(CheckIn.day, func.count(func.distinct(CheckIn.participant_id)))
        .where(CheckIn.event_id == event.id)
        .group_by(CheckIn.day)
        .order_by(CheckIn.day)
    )
    return [{"day": day, "entries": count} for day, count in db.session.execute(stmt)]


def badge_status(participant_ids, today=None) -> dict[int, dict]:
    """Return printed / collected / checked_in (ever; or on `today`) for each participant id."""
    ids = list(participant_ids)
    status = {pid: {"printed": False, "collected": False, "checked_in": False} for pid in ids}
    if not ids:
        return status
    for badge in db.session.scalars(select(Badge).where(Badge.participant_id.in_(ids))):
        status[badge.participant_id]["printed"] = badge.printed_at is not None
        status[badge.participant_id]["collected"] = badge.collected_at is not None
    stmt = select(CheckIn.participant_id).where(CheckIn.participant_id.in_(ids))
    if today is not None:
        stmt = stmt.where(CheckIn.day == today)
    for pid in set(db.session.scalars(stmt)):
        status[pid]["checked_in"] = True
    return status


def run_summary(event: Event, limit: int = 20) -> list[PrintRun]:
    """Return the event's latest print runs, newest first."""
    stmt = (
        select(PrintRun)
        .where(PrintRun.event_id == event.id)
        .options(joinedload(PrintRun.created_by))
        .order_by(PrintRun.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def counts(event: Event) -> dict:
    """Return how many approved badges there are to print, printed, changed and collected."""
    approved = select(Participant.id).where(
        Participant.event_id == event.id, Participant.state == APPROVED
    )
    stmt = (
        select(
            func.count(Participant.id),
            func.count(Badge.printed_at),
            func.count(Badge.collected_at),
            func.count(Participant.id).filter(Participant.badge_changed_at > Badge.printed_at),
        )
        .select_from(Participant)
        .outerjoin(Badge, Badge.participant_id == Participant.id)
        .where(Participant.id.in_(approved))
    )
    total, printed, collected, changed = db.session.execute(stmt).one()
    return {
        "approved": total,
        "printed": printed,
        "not_printed": total - printed,
        "changed": changed,
        "collected": collected,
    }


def local_day(event: Event, moment: datetime | None = None):
    """Return the date of `moment` (default: now) in the event's time zone."""
    return event.to_local(moment or utcnow()).date()
