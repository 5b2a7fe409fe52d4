"""The demo assembly: what `flask assembly seed-demo` puts in an empty database.

Each area adds its own demo data from its `demo.py`; this module runs them
in order and commits once. Running it again adds nothing twice.
"""

from sqlalchemy import select

from assembly.accounts import services as accounts
from assembly.accounts.models import User
from assembly.countries.services import create_demo_event, seed_countries
from assembly.extensions import db


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


def seed_demo() -> list[str]:
    """Seed the demo event and its data; return lines to print."""
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
