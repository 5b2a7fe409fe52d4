"""Factories of test data: staff users, the event, categories, participants."""

import itertools
from datetime import date

from sqlalchemy import select

from assembly.accounts.models import User
from assembly.accounts.services import create_api_token, create_user
from assembly.core.db import utcnow
from assembly.countries.models import Country
from assembly.countries.services import create_demo_event, delegation_for
from assembly.extensions import db
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


DEFAULT_CATEGORIES = [
    # name, colour, counts toward quota, head, needs confirmation
    ("Head of Delegation", "#8b0000", True, True, True),
    ("Delegate", "#1f4e79", True, False, True),
    ("Observer", "#2e7d32", False, False, False),
    ("Guest", "#6a1b9a", False, False, True),
    ("Media", "#ef6c00", False, False, False),
    ("Organizer staff", "#37474f", False, False, False),
    ("Security", "#000000", False, False, False),
]


def category(name: str = "Delegate") -> Category:
    """Return the category called `name`, creating the default set first if needed."""
    if db.session.scalar(select(Category).limit(1)) is None:
        for order, (n, colour, quota, head, confirm) in enumerate(DEFAULT_CATEGORIES):
            db.session.add(
                Category(
                    name=n,
                    color=colour,
                    counts_toward_quota=quota,
                    is_head=head,
                    needs_confirmation=confirm,
                    sort_order=order,
                )
            )
        db.session.flush()
    return db.session.scalars(select(Category).where(Category.name == name)).one()


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
