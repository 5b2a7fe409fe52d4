"""Fixtures of the agenda tests: a small venue and a session factory."""

from datetime import datetime, time

import pytest

from assembly.agenda.models import PUBLISHED, Person, Room, SessionPerson, Theme
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db
from tests import factories


@pytest.fixture(autouse=True)
def request_context(app):
    """Run each test inside a request context: messages are translated per request."""
    with app.test_request_context():
        yield


@pytest.fixture
def venue(event):
    """Two themes and three rooms of the demo event: {"themes": {...}, "rooms": {...}}."""
    themes = {
        "cybercrime": Theme(
            event_id=event.id, name="Cybercrime", slug="cybercrime", color="#1565c0", sort_order=0
        ),
        "terrorism": Theme(
            event_id=event.id, name="Terrorism", slug="terrorism", color="#c62828", sort_order=1
        ),
    }
    rooms = {
        "hall": Room(
            event_id=event.id, name="Plenary Hall", capacity=500, floor="Ground", sort_order=0
        ),
        "pearl": Room(event_id=event.id, name="Pearl Room", capacity=20, floor="2nd", sort_order=1),
        "lotus": Room(
            event_id=event.id,
            name="Lotus Room",
            capacity=2,
            floor="3rd",
            opens_at=time(9, 0),
            closes_at=time(18, 0),
            sort_order=2,
        ),
    }
    db.session.add_all([*themes.values(), *rooms.values()])
    db.session.commit()
    return {"themes": themes, "rooms": rooms}


def local(event, text: str) -> datetime:
    """Return a moment given in the event's time zone ("2017-09-26 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=event.tz)


@pytest.fixture
def make_session(event, venue):
    """Create and commit a session: make_session("Title", "2017-09-26 09:00", "...10:00", ...)."""

    def make(
        title="Session",
        start="2017-09-26 09:00",
        end="2017-09-26 10:00",
        room="hall",
        state=PUBLISHED,
        themes=("cybercrime",),
        chairs=(),
        speakers=(),
        **fields,
    ):
        session = AgendaSession(
            event_id=event.id,
            title=title,
            starts_at=local(event, start),
            ends_at=local(event, end),
            room=venue["rooms"][room] if room else None,
            state=state,
            themes=[venue["themes"][t] for t in themes],
            languages=fields.pop("languages", ["en", "fr"]),
            **fields,
        )
        for role, names in (("chair", chairs), ("speaker", speakers)):
            for i, name in enumerate(names):
                person = db.session.scalars(
                    db.select(Person).where(Person.event_id == event.id, Person.name == name)
                ).first() or Person(event_id=event.id, name=name, affiliation="INTERPOL")
                session.people.append(SessionPerson(person=person, role=role, position=i))
        db.session.add(session)
        db.session.commit()
        return session

    return make


@pytest.fixture
def approved(event):
    """Create an approved participant: approved(category_name="Delegate", iso3="CHN")."""

    def make(category_name="Delegate", iso3="CHN", **fields):
        return factories.make_participant(
            event, iso3, state="approved", category_name=category_name, **fields
        )

    return make
