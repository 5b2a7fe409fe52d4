"""The demo assembly: what `flask assembly seed-demo` puts in an empty database.

Each area adds its own demo data from its `demo.py`; this module runs them
in order and commits once. Running it again adds nothing twice. A database
that holds anything else (another event, a staff account not of the demo)
is a real one: the demo and its public logins never go there.
"""

from sqlalchemy import func, select

from assembly.accounts import services as accounts
from assembly.accounts.models import User
from assembly.core.event import Event
from assembly.countries.services import DEMO_EVENT_NUMBER, create_demo_event, seed_countries
from assembly.extensions import db


class NotADemoDatabase(Exception):
    """The database holds real data (or runs in production): no demo goes there."""


def real_data() -> str | None:
    """Describe what makes this database a real one, or None when it is empty or the demo's."""
    from assembly.cli import DEMO_STAFF

    demo_emails = [email for email, _, _ in DEMO_STAFF]
    events = db.session.scalar(
        select(func.count()).select_from(Event).where(Event.number != DEMO_EVENT_NUMBER)
    )
    users = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.not_in(demo_emails))
    )
    if not events and not users:
        return None
    return f"{events} other events and {users} staff accounts not of the demo"


def _demo_staff() -> list[str]:
    from assembly.cli import DEMO_PASSWORD, DEMO_STAFF

    lines = []
    for email, role, country in DEMO_STAFF:
        if db.session.scalars(select(User).where(User.email == email)).first() is None:
            accounts.create_user(email, role, country, DEMO_PASSWORD)
        lines.append(
            f"  {role:<12} {email:<28} {DEMO_PASSWORD}" + (f"  ({country})" if country else "")
        )
    return lines


def seed_demo(production: bool = False) -> list[str]:
    """Seed the demo event and its data; return lines to print.

    Raise NotADemoDatabase in production or when the database holds real data.
    """
    if production:
        raise NotADemoDatabase("ASSEMBLY_ENV=production: the demo and its logins are refused")
    found = real_data()
    if found:
        raise NotADemoDatabase(f"this database holds real data ({found}): the demo is refused")
    added, _ = seed_countries()
    event = create_demo_event()
    lines = [f"countries: {added} added", f"event: {event.name}, {event.city}"]
    for area in _area_seeders():
        lines.extend(area(event) or [])
    lines.append("demo logins:")
    lines.extend(_demo_staff())
    db.session.commit()
    return lines


def _area_seeders():
    """Return each area's demo seeder, in the order their data depends on each other."""
    from assembly.agenda import demo as agenda_demo
    from assembly.badges import demo as badges_demo
    from assembly.registration import demo as registration_demo

    return [registration_demo.seed, agenda_demo.seed, badges_demo.seed]
