"""The registrations list: filters, search, sorting and pagination as SQL.

`Filters` is the parsed query string; `filtered(event, filters, user)` is the
statement every part of the list uses (the page, bulk actions, exports), so that
"the whole filtered set" means exactly what the officer sees.
"""

from dataclasses import asdict, dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from assembly.badges.models import Badge, CheckIn
from assembly.badges.services import badge_status
from assembly.core.text import fold, like_escape
from assembly.countries.models import Country, Delegation
from assembly.extensions import db
from assembly.registration.models import STATES, Category, Participant
from assembly.registration.privacy import can_see_personal_data
from assembly.registration.workflow import STATE_LABELS

PER_PAGE = 50
SORTS = {
    # Ids grow with creation: sorting by the primary key reads its index, no sort.
    "newest": lambda: (Participant.id.desc(),),
    "oldest": lambda: (Participant.id.asc(),),
    "name": lambda: (func.lower(Participant.family_name), func.lower(Participant.given_name)),
    "country": lambda: (Country.name, Participant.organization_name, Participant.family_name),
    "category": lambda: (Category.sort_order, Participant.family_name),
    "state": lambda: (Participant.state, Participant.family_name),
}


@dataclass
class Filters:
    """The list's search, filters, sort and page, as read from the query string."""

    q: str = ""
    country: str = ""
    region: str = ""
    category: str = ""
    state: str = ""
    printed: str = ""
    checked_in: str = ""
    sort: str = "newest"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read the filters from request arguments, ignoring values that make no sense."""
        try:
            page = max(1, int(args.get("page", 1)))
        except ValueError:
            page = 1
        sort = args.get("sort", "newest")
        return cls(
            q=args.get("q", "").strip()[:200],
            country=args.get("country", "").strip().upper()[:3],
            region=args.get("region", "").strip(),
            category=args.get("category", "").strip(),
            state=args.get("state", "") if args.get("state", "") in STATES else "",
            printed=args.get("printed", "") if args.get("printed") in ("yes", "no") else "",
            checked_in=(
                args.get("checked_in", "") if args.get("checked_in") in ("yes", "no") else ""
            ),
            sort=sort if sort in SORTS else "newest",
            page=page,
        )

    def args(self, **changes) -> dict:
        """Return the non-empty filters as query arguments (for links that keep them)."""
        values = {**asdict(self), **changes}
        return {k: v for k, v in values.items() if v not in ("", None) and (k, v) != ("page", 1)}


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def state_label(state: str) -> str:
    """Return the translated name of a registration state."""
    return str(STATE_LABELS.get(state, state))


def badge_conditions(printed: bool | None, checked_in: bool | None) -> list:
    """Return SQL conditions on Participant for the badge filters; None leaves one out.

    Built from the badges area's models (Badge.printed_at, CheckIn), which the
    dashboard may read; "checked in" means entered on any day.
    """
    conditions = []
    if printed is not None:
        was_printed = (
            select(Badge.id)
            .where(Badge.participant_id == Participant.id, Badge.printed_at.is_not(None))
            .exists()
        )
        conditions.append(was_printed if printed else ~was_printed)
    if checked_in is not None:
        entered = select(CheckIn.id).where(CheckIn.participant_id == Participant.id).exists()
        conditions.append(entered if checked_in else ~entered)
    return conditions


def _conditions(event, filters: Filters, user, ids: list[int] | None) -> list:
    conditions = [Participant.event_id == event.id]
    if ids is not None:
        conditions.append(Participant.id.in_(ids))
    # Names are searched in their folded copy (no accents, lower case): "ibanez"
    # finds "Ibáñez"; the other columns as they are.
    searched = [Participant.email, Participant.organization_name]
    if can_see_personal_data(user):
        searched.append(Participant.passport_number)
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    haystack = _joined(searched)
    for term in filters.q.split()[:6]:
        pattern = f"%{like_escape(term)}%"
        names = Participant.search_name.like(f"%{like_escape(fold(term))}%", escape="\\")
        if sqlite:
            # SQLite's LIKE ignores ASCII case already (its lower() knows no other
            # letters) and runs fastest column by column.
            conditions.append(or_(names, *(c.like(pattern, escape="\\") for c in searched)))
        else:
            # PostgreSQL: one ILIKE on the columns joined by spaces is about twice as
            # fast as one per column; a term has no space, so it never spans two columns.
            conditions.append(or_(names, haystack.ilike(pattern, escape="\\")))
    if filters.country:
        conditions.append(Country.iso3 == filters.country)
    if filters.region:
        conditions.append(Country.region == filters.region)
    if filters.category.isdigit():
        conditions.append(Participant.category_id == int(filters.category))
    if filters.state:
        conditions.append(Participant.state == filters.state)
    conditions.extend(badge_conditions(_yes_no(filters.printed), _yes_no(filters.checked_in)))
    return conditions


def _joined(columns):
    expression = columns[0]
    for column in columns[1:]:
        expression = expression + " " + column
    return expression


def _order(filters: Filters) -> tuple:
    # The id breaks ties, so that pages (and export chunks) never overlap.
    return (*SORTS[filters.sort](), Participant.id.desc())


def filtered(event, filters: Filters, user, *, ids: list[int] | None = None):
    """Return the SELECT of the participants matching `filters` (or `ids`), sorted, eager."""
    return (
        select(Participant)
        .join(Participant.category)
        .outerjoin(Participant.delegation)
        .outerjoin(Delegation.country)
        .options(
            contains_eager(Participant.category),
            contains_eager(Participant.delegation).contains_eager(Delegation.country),
        )
        .where(*_conditions(event, filters, user, ids))
        .order_by(*_order(filters))
    )


def export_select(event, filters: Filters, user, ids: list[int] | None, columns: list):
    """Return a SELECT of `columns` (of Participant, Country, Category) for the filtered list."""
    return (
        select(*columns)
        .select_from(Participant)
        .join(Category, Participant.category_id == Category.id)
        .outerjoin(Delegation, Participant.delegation_id == Delegation.id)
        .outerjoin(Country, Delegation.country_id == Country.id)
        .where(*_conditions(event, filters, user, ids))
        .order_by(*_order(filters))
    )


def _narrow(stmt, filters: Filters):
    """Join only the tables the filters and the sort need (a narrow, fast scan)."""
    if filters.country or filters.region or filters.sort == "country":
        stmt = stmt.outerjoin(Delegation, Participant.delegation_id == Delegation.id).outerjoin(
            Country, Delegation.country_id == Country.id
        )
    if filters.sort == "category":
        stmt = stmt.join(Category, Participant.category_id == Category.id)
    return stmt


def page(event, filters: Filters, user) -> dict:
    """Return one page of the list: rows, total, pages, and each row's badge status.

    Counting and choosing the page's ids read narrow rows; only the page's
    fifty registrations are then loaded whole (with category and country).
    """
    conditions = _conditions(event, filters, user, None)
    total = db.session.scalar(
        _narrow(select(func.count(Participant.id)), filters).where(*conditions)
    )
    pages = max(1, -(-total // PER_PAGE))
    number = min(filters.page, pages)
    ids = db.session.scalars(
        _narrow(select(Participant.id), filters)
        .where(*conditions)
        .order_by(*_order(filters))
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
    ).all()
    loaded = {
        p.id: p
        for p in db.session.scalars(
            select(Participant)
            .where(Participant.id.in_(ids))
            .options(
                joinedload(Participant.category),
                joinedload(Participant.delegation).joinedload(Delegation.country),
            )
        ).unique()
    }
    rows = [loaded[i] for i in ids if i in loaded]
    return {
        "rows": rows,
        "total": total,
        "pages": pages,
        "page": number,
        "badges": badge_status(ids),
    }


def choices() -> dict:
    """Return the filter menus' options: countries with a delegation, regions, categories."""
    from assembly.countries.models import REGIONS

    countries = db.session.execute(
        select(Country.iso3, Country.name).where(Country.member).order_by(Country.name)
    ).all()
    categories = db.session.execute(
        select(Category.id, Category.name).order_by(Category.sort_order, Category.name)
    ).all()
    return {
        "countries": [(iso3, name) for iso3, name in countries],
        "regions": [(r, r) for r in REGIONS],
        "categories": [(str(i), name) for i, name in categories],
        "states": [(s, state_label(s)) for s in STATES],
    }
