"""Factories of test data: staff users, the event, categories, participants."""

import itertools
import re
from datetime import date

from sqlalchemy import select

from assembly.accounts.models import User
from assembly.accounts.services import create_api_token, create_user
from assembly.core.db import utcnow
from assembly.countries.models import Country
from assembly.countries.services import create_demo_event, delegation_for
from assembly.extensions import db
from assembly.registration.categories import category_by_name, ensure_default_categories
from assembly.registration.models import Category, Participant

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_user(role="admin", country=None, email=None, password=PASSWORD) -> User:
    """Create and commit a staff user (`country`: ISO alpha-3, for focal points)."""
    user, _ = create_user(email or f"{role}{next(_seq)}@example.org", role, country, password)
    db.session.commit()
    return user


def make_token(user: User) -> str:
    """Create and commit an API token for `user`; return it in clear."""
    token = create_api_token(user)
    db.session.commit()
    return token


def make_event():
    """Create and commit the demo event with a delegation per member country."""
    event = create_demo_event()
    db.session.commit()
    return event


def country(iso3: str) -> Country:
    """Return a seeded country by ISO alpha-3."""
    return db.session.scalars(select(Country).where(Country.iso3 == iso3)).one()


def category(name: str = "Delegate") -> Category:
    """Return the category called `name`, creating the default set first if needed."""
    ensure_default_categories()
    return category_by_name(name)


def make_participant(
    event, iso3="CHN", state="submitted", category_name="Delegate", commit=True, **fields
) -> Participant:
    """Create a participant of `event` in the delegation of `iso3` (None: an organization)."""
    n = next(_seq)
    values = {
        "given_name": f"Given{n}",
        "family_name": f"Family{n}",
        "email": f"delegate{n}@example.org",
        "nationality": iso3 or "FRA",
        "date_of_birth": date(1970, 1, 1),
        "passport_number": f"P{n:07d}",
        "passport_expiry": date(2030, 1, 1),
        "position": "Director",
        "organization": "National Police",
        "consent_at": utcnow(),
        "submitted_at": utcnow(),
    }
    values.update(fields)
    organization_name = values.pop("organization_name", "" if iso3 else "UNODC")
    delegation = delegation_for(event, iso3) if iso3 else None
    if iso3 and delegation is None:
        raise ValueError(f"no delegation for {iso3}")
    participant = Participant(
        event=event,
        delegation=delegation,
        category=category(category_name),
        state=state,
        organization_name=organization_name,
        **values,
    )
    db.session.add(participant)
    db.session.flush()
    if commit:
        db.session.commit()
    return participant


def csrf_token(page: str) -> str:
    """Return the CSRF token of the first form in `page` (for tests with CSRF on)."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def sign_in_with_csrf(client, user: User) -> None:
    """Sign `user` in through the login form, CSRF token included."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})


def sign_in_browser(page, base_url: str, user: User) -> None:
    """Sign `user` in through the login page in a browser (Playwright `page`)."""
    page.goto(base_url + "/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector(f"text={user.email}")


def mask_csrf(page: str) -> str:
    """Return `page` with its CSRF tokens blanked: they carry their signing second,
    so two renderings of one page differ whenever the clock ticks between them."""
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value=""', page)
