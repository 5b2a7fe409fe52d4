"""Member countries and delegations: seeding the list, delegations for an event."""

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pycountry
from sqlalchemy import insert, select

from assembly.core.event import Event
from assembly.countries.models import REGIONS, Country, Delegation
from assembly.extensions import db

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "member_countries.csv"


def read_member_countries(path: Path = DATA_FILE) -> list[dict]:
    """Read the member-country data file (comment lines start with #)."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    for row in rows:
        if row["region"] not in REGIONS:
            raise ValueError(f"{row['iso3']}: unknown region {row['region']!r}")
    return rows


def seed_countries(path: Path = DATA_FILE) -> tuple[int, int]:
    """Insert or update every country of the data file; return (added, updated)."""
    existing = {c.iso3: c for c in db.session.scalars(select(Country))}
    added = updated = 0
    for row in read_member_countries(path):
        record = pycountry.countries.get(alpha_3=row["iso3"])
        if record is None:
            raise ValueError(f"{row['iso3']} is not an ISO 3166 alpha-3 code")
        values = {
            "iso2": record.alpha_2,
            "name": getattr(record, "common_name", None) or record.name,
            "region": row["region"],
            "member": row["member"].strip().lower() == "yes",
            "joined": int(row["joined"]) if row["joined"].strip() else None,
            "ncb_name": row.get("ncb_name", "").strip(),
        }
        country = existing.get(row["iso3"])
        if country is None:
            db.session.add(Country(iso3=row["iso3"], **values))
            added += 1
        elif any(getattr(country, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(country, key, value)
            updated += 1
    db.session.flush()
    return added, updated


def members_before(year: int) -> list[Country]:
    """Return the member countries that had joined before `year`.

    Countries admitted at an assembly (Palestine and Solomon Islands in 2017)
    were not members while its delegations registered.
    """
    stmt = select(Country).where(Country.member).order_by(Country.iso3)
    return [c for c in db.session.scalars(stmt) if c.joined is None or c.joined < year]


def ensure_delegations(event: Event) -> int:
    """Give each country that was a member at the event a delegation; return how many were added."""
    have = set(
        db.session.scalars(select(Delegation.country_id).where(Delegation.event_id == event.id))
    )
    missing = [
        {"event_id": event.id, "country_id": country.id}
        for country in members_before(event.start_date.year)
        if country.id not in have
    ]
    if missing:
        # One bulk INSERT for some 190 rows: the unit of work takes several times longer.
        db.session.execute(insert(Delegation), missing)
    return len(missing)


def delegation_for(event: Event, iso3: str) -> Delegation | None:
    """Return the event's delegation of the country with ISO alpha-3 `iso3`."""
    return db.session.scalars(
        select(Delegation)
        .join(Country)
        .where(Delegation.event_id == event.id, Country.iso3 == iso3.upper())
    ).first()


# The demo is the 86th General Assembly (Beijing, 2017).
DEMO_EVENT_NUMBER = 86


def create_demo_event() -> Event:
    """Create (or return) the 86th General Assembly, Beijing, 26-29 September 2017."""
    event = db.session.scalars(select(Event).where(Event.number == DEMO_EVENT_NUMBER)).first()
    if event is None:
        event = Event(
            number=DEMO_EVENT_NUMBER,
            name="86th INTERPOL General Assembly",
            city="Beijing",
            country_iso3="CHN",
            venue="China National Convention Center",
            start_date=date(2017, 9, 26),
            end_date=date(2017, 9, 29),
            timezone="Asia/Shanghai",
            # Open, with no closing date, so that a demo user can try the whole flow.
            registration_opens=datetime(2017, 5, 2, tzinfo=UTC),
            registration_closes=None,
            languages=["en", "fr", "es", "ar"],
            is_current=True,
        )
        db.session.add(event)
        db.session.flush()
    ensure_delegations(event)
    return event
