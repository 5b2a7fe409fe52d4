"""Fixtures of the dashboard tests: a query counter, signed-in staff, many participants fast."""

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import insert, select

from assembly.countries.models import Country, Delegation
from assembly.extensions import db
from assembly.registration.categories import ensure_default_categories
from assembly.registration.models import Participant
from tests import factories


@pytest.fixture
def count_queries(app):
    """Return a context manager listing the SQL statements run inside it."""

    @contextmanager
    def counting():
        statements = []

        def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa_event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield statements
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", before_cursor_execute)

    return counting


@pytest.fixture
def as_role(login):
    """Sign in a new user of `role` (focal points for CHN unless told): `as_role("officer")`."""

    def sign_in(role, country=None):
        if role == "focal_point":
            country = country or "CHN"
        return login(factories.make_user(role, country=country))

    return sign_in


def bulk_participants(event, count: int, *, state="submitted", start: int = 0) -> None:
    """Insert `count` participants spread over the member delegations, in one statement."""
    categories = {c.name: c for c in ensure_default_categories()}
    delegations = db.session.execute(
        select(Delegation.id, Country.iso3)
        .join(Country)
        .where(Delegation.event_id == event.id)
        .order_by(Country.iso3)
    ).all()
    names = ["Delegate", "Observer", "Guest", "Media"]
    opened = datetime(2017, 5, 2, tzinfo=UTC)
    rows = []
    for i in range(start, start + count):
        delegation_id, iso3 = delegations[i % len(delegations)]
        at = opened + timedelta(hours=i % 2000)
        rows.append(
            {
                "event_id": event.id,
                "delegation_id": delegation_id,
                "organization_name": "",
                "category_id": categories[names[i % len(names)]].id,
                "state": state,
                "is_head": False,
                "given_name": f"Given{i}",
                "family_name": f"Family{i}",
                "native_name": "",
                "email": f"bulk{i}@example.org",
                "nationality": iso3,
                "date_of_birth": date(1970, 1, 1),
                "passport_number": f"X{i:08d}",
                "language": "en",
                "submitted_at": at,
                "created_at": at,
                "updated_at": at,
            }
        )
    db.session.execute(insert(Participant), rows)
    db.session.commit()


# The browser fixtures of the end-to-end tests, for the dashboard's own browser test.
from tests.e2e.conftest import browser, live_server, page  # noqa: E402,F401
