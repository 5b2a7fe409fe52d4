"""The registrations list: filters, search, sorting and pagination as SQL.

`Filters` is the parsed query string; `filtered(event, filters, user)` is the
statement every part of the list uses (the page, bulk actions, exports), so that
"the whole filtered set" means exactly what the officer sees.
"""

from dataclasses import asdict, dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from assembly.countries.models import Country, Delegation
from assembly.dashboard import bridges
from assembly.extensions import db
from assembly.registration.models import STATES, Category, Participant

PER_PAGE = 50
SORTS = {
    "newest": lambda: (Participant.created_at.desc(), Participant.id.desc()),
    "oldest": lambda: (Participant.created_at.asc(), Participant.id.asc()),
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


def filtered(event, filters: Filters, user, *, ids: list[int] | None = None):
    """Return the SELECT of the participants matching `filters` (or `ids`), sorted, eager."""
    stmt = (
        select(Participant)
        .join(Participant.category)
        .outerjoin(Participant.delegation)
        .outerjoin(Delegation.country)
        .options(
            contains_eager(Participant.category),
            contains_eager(Participant.delegation).contains_eager(Delegation.country),
        )
        .where(Participant.event_id == event.id)
    )
    if ids is not None:
        stmt = stmt.where(Participant.id.in_(ids))
    for term in filters.q.split()[:6]:
        like = f"%{term}%"
        columns = [
            Participant.given_name,
            Participant.family_name,
            Participant.badge_name,
            Participant.native_name,
            Participant.email,
            Participant.organization_name,
        ]
        if bridges.can_see_personal_data(user):
            columns.append(Participant.passport_number)
        stmt = stmt.where(or_(*(c.ilike(like) for c in columns)))
    if filters.country:
        stmt = stmt.where(Country.iso3 == filters.country)
    if filters.region:
        stmt = stmt.where(Country.region == filters.region)
    if filters.category.isdigit():
        stmt = stmt.where(Participant.category_id == int(filters.category))
    if filters.state:
        stmt = stmt.where(Participant.state == filters.state)
    printed, checked_in = _yes_no(filters.printed), _yes_no(filters.checked_in)
    if printed is not None or checked_in is not None:
        conditions = bridges.badge_filter(printed, checked_in)
        if conditions is not None:
            stmt = stmt.where(*conditions)
    # The id breaks ties, so that pages (and export chunks) never overlap.
    return stmt.order_by(*SORTS[filters.sort](), Participant.id.desc())


def badge_filters_available() -> bool:
    """Tell whether the badges area can filter by printed badge and check-in."""
    return bridges.badge_filter(None, None) is not None


def page(event, filters: Filters, user) -> dict:
    """Return one page of the list: rows, total, pages, and each row's badge status."""
    stmt = filtered(event, filters, user)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // PER_PAGE))
    number = min(filters.page, pages)
    rows = db.session.scalars(stmt.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).unique().all()
    status = bridges.badge_status([p.id for p in rows]) if rows else {}
    return {
        "rows": rows,
        "total": total,
        "page": number,
        "pages": pages,
        "badges": status,
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
        "states": [(s, s) for s in STATES],
    }
