"""Figures of the overview and the countries pages, each in a fixed number of queries.

Every function aggregates in SQL (GROUP BY) and returns plain data, so that the
number of queries does not grow with the number of participants.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from assembly.accounts.models import User
from assembly.agenda.conflicts import open_conflicts
from assembly.agenda.services import sessions_filling_up
from assembly.badges.services import collection_by_country, entries_per_day
from assembly.core.security import FOCAL_POINT
from assembly.countries.models import Country, Delegation
from assembly.extensions import db
from assembly.registration.models import APPROVED, OPEN_STATES, STATES, Category, Participant

# Most days a chart shows; older days are summed into the first bar's table row.
MAX_CHART_DAYS = 366


def tally(event) -> list[tuple]:
    """Return (delegation_id, category_id, state, count) for `event`: the one scan of
    the participants that the overview's tables, coverage and outreach list share."""
    return db.session.execute(
        select(Participant.delegation_id, Participant.category_id, Participant.state, func.count())
        .where(Participant.event_id == event.id)
        .group_by(Participant.delegation_id, Participant.category_id, Participant.state)
    ).all()


def counts_by_category(rows: list[tuple]) -> list[dict]:
    """Return each category with its registrations per state and in total."""
    categories = db.session.scalars(select(Category).order_by(Category.sort_order, Category.name))
    per = defaultdict(lambda: dict.fromkeys(STATES, 0))
    for _delegation_id, category_id, state, n in rows:
        per[category_id][state] += n
    return [
        {"name": c.name, "states": dict(per[c.id]), "total": sum(per[c.id].values())}
        for c in categories
    ]


def member_delegations(event) -> list[dict]:
    """Return the event's member delegations with their focal points' contact."""
    rows = db.session.execute(
        select(Delegation.id, Country.iso3, Country.name, Country.region, User.name, User.email)
        .select_from(Delegation)
        .join(Country, Delegation.country_id == Country.id)
        .outerjoin(User, and_(User.country_id == Country.id, User.role == FOCAL_POINT, User.active))
        .where(Delegation.event_id == event.id, Country.member)
        .order_by(Country.name, User.email)
    )
    delegations: dict[int, dict] = {}
    for delegation_id, iso3, name, region, user_name, email in rows:
        entry = delegations.setdefault(
            delegation_id,
            {"id": delegation_id, "iso3": iso3, "name": name, "region": region, "focal_points": []},
        )
        if email:
            entry["focal_points"].append({"name": user_name or "", "email": email})
    return list(delegations.values())


def member_coverage(members: list[dict], rows: list[tuple]) -> dict:
    """Return how many member delegations have at least one approved delegate, of all."""
    ids = {m["id"] for m in members}
    approved = {d for d, _c, state, n in rows if state == APPROVED and n and d in ids}
    return {"approved": len(approved), "total": len(ids)}


def outreach_list(members: list[dict], rows: list[tuple]) -> list[dict]:
    """Return the member countries with no registration yet, with their focal points' contact."""
    registered = {d for d, _c, _s, n in rows if n}
    return [m for m in members if m["id"] not in registered]


def _hour(column):
    """An SQL expression of `column`'s UTC hour, as text "YYYY-MM-DD HH" or a timestamp."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H", column)
    return func.date_trunc("hour", func.timezone("UTC", column))


def registrations_per_day(event) -> list[dict]:
    """Return registrations per day, from the opening of registration to the last one.

    Days are the event's local days (a registration at 01:00 in Beijing is counted on
    that day, not the UTC day before): counted per UTC hour in SQL, then each hour
    put on its local day (in a zone with a half-hour offset, the hour's start decides).
    """
    hour = _hour(func.coalesce(Participant.submitted_at, Participant.created_at))
    rows = db.session.execute(
        select(hour, func.count()).where(Participant.event_id == event.id).group_by(hour)
    )
    tz = event.tz
    counts = {}
    for value, n in rows:
        if value is None:
            continue
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        else:
            moment = datetime.strptime(str(value)[:13], "%Y-%m-%d %H").replace(tzinfo=UTC)
        key = moment.astimezone(tz).date()
        counts[key] = counts.get(key, 0) + n
    if not counts:
        return []
    first, last = min(counts), max(counts)
    if event.registration_opens is not None:
        first = min(first, event.registration_opens.astimezone(tz).date())
    first = max(first, last - timedelta(days=MAX_CHART_DAYS - 1))
    earlier = sum(n for d, n in counts.items() if d < first)
    days = []
    current = first
    while current <= last:
        days.append({"day": current.isoformat(), "count": counts.get(current, 0)})
        current += timedelta(days=1)
    days[0]["count"] += earlier
    return days


def _sessions(rows: list[dict]) -> list[dict]:
    # Plain text for the template: the start (already in the event's zone) and the fill rate.
    return [
        {
            **r,
            "start": r["start"].strftime("%a %d %b %H:%M")
            if hasattr(r.get("start"), "strftime")
            else str(r.get("start") or ""),
            "percent": round(100 * (r.get("taken") or 0) / r["seats"]) if r.get("seats") else 0,
        }
        for r in rows
    ]


def overview(event) -> dict:
    """Return every figure the overview page shows."""
    entries = entries_per_day(event)
    rows = tally(event)
    members = member_delegations(event)
    by_category = counts_by_category(rows)
    # The states' totals are the category table's column sums.
    by_state = {s: sum(c["states"][s] for c in by_category) for s in STATES}
    return {
        "by_state": by_state,
        "by_category": by_category,
        "coverage": member_coverage(members, rows),
        "outreach": outreach_list(members, rows),
        "per_day": registrations_per_day(event),
        "sessions": _sessions(sessions_filling_up(event, limit=10)),
        "entries": [{"day": str(e["day"]), "entries": e["entries"]} for e in entries],
        "conflicts": open_conflicts(event),
    }


COUNTRY_SORTS = (
    "name",
    "iso3",
    "region",
    "total",
    "approved",
    "quota",
    "focal_point",
    "printed",
    "not_collected",
)


def country_table(event, sort: str = "name", descending: bool = False) -> list[dict]:
    """Return every delegation of `event` with its counts by state, quota, head and focal points."""
    # Plain rows, not objects: two hundred delegations, read fast.
    delegations = db.session.execute(
        select(
            Delegation.id,
            Delegation.quota,
            Delegation.country_id,
            Country.iso3,
            Country.iso2,
            Country.name,
            Country.region,
            Country.member,
        )
        .join(Country, Delegation.country_id == Country.id)
        .where(Delegation.event_id == event.id)
    ).all()
    counts = defaultdict(dict)
    for delegation_id, state, n in db.session.execute(
        select(Participant.delegation_id, Participant.state, func.count())
        .where(Participant.event_id == event.id, Participant.delegation_id.is_not(None))
        .group_by(Participant.delegation_id, Participant.state)
    ):
        counts[delegation_id][state] = n
    heads = {
        delegation_id: f"{given} {family}".strip()
        for delegation_id, given, family in db.session.execute(
            select(
                Participant.delegation_id, Participant.given_name, Participant.family_name
            ).where(
                Participant.event_id == event.id,
                Participant.is_head,
                Participant.state.in_(OPEN_STATES),
            )
        )
    }
    focal = defaultdict(list)
    for country_id, email in db.session.execute(
        select(User.country_id, User.email)
        .where(User.role == FOCAL_POINT, User.active)
        .order_by(User.email)
    ):
        focal[country_id].append(email)
    badges = {c["iso3"]: c for c in collection_by_country(event)}
    rows = []
    for d in delegations:
        states = {s: counts[d.id].get(s, 0) for s in STATES}
        rows.append(
            {
                "iso3": d.iso3,
                "iso2": d.iso2.lower(),
                "name": d.name,
                "region": d.region,
                "member": d.member,
                "states": states,
                "total": sum(states.values()),
                "approved": states[APPROVED],
                "quota": d.quota,
                "head": heads.get(d.id, ""),
                "focal_points": focal.get(d.country_id, []),
                "focal_point": ", ".join(focal.get(d.country_id, [])),
                "printed": badges.get(d.iso3, {}).get("printed", 0),
                "collected": badges.get(d.iso3, {}).get("collected", 0),
                "not_collected": badges.get(d.iso3, {}).get("not_collected", 0),
            }
        )
    key = sort if sort in COUNTRY_SORTS else "name"
    rows.sort(key=lambda r: (r[key], r["name"]), reverse=descending)
    return rows


def country_detail(event, iso3: str) -> tuple[Delegation, list[Participant]] | None:
    """Return the delegation of `iso3` in `event` and its participants, or None."""
    delegation = db.session.scalars(
        select(Delegation)
        .join(Country)
        .where(Delegation.event_id == event.id, Country.iso3 == iso3.upper())
        .options(joinedload(Delegation.country))
    ).first()
    if delegation is None:
        return None
    participants = db.session.scalars(
        select(Participant)
        .where(Participant.delegation_id == delegation.id)
        .options(joinedload(Participant.category))
        .order_by(Participant.is_head.desc(), Participant.family_name, Participant.given_name)
    ).all()
    return delegation, participants
