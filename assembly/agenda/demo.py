"""Demo data of the agenda area, added by `flask assembly seed-demo`.

The four days of the 86th General Assembly (Beijing, 26–29 September 2017):
opening ceremony, plenaries, regional meetings and workshops across the crime
themes in six rooms, published as version 1; a few drafts are left with
deliberate conflicts so that the editor has something to show.
"""

from datetime import date, datetime, time, timedelta
from itertools import cycle

from sqlalchemy import select

from assembly.agenda import publishing, services
from assembly.agenda.demo_data import (
    DEMO_SIGN_UPS,
    PEOPLE,
    REGIONAL_CHAIRS,
    REGIONS,
    ROOMS,
    SLOTS,
    THEMES,
    VIPS,
    WORKSHOPS,
)
from assembly.agenda.models import (
    CATEGORIES,
    CHAIR,
    CLOSED,
    DELEGATES,
    DRAFT,
    PLENARY,
    REGIONAL,
    SIDE_EVENT,
    SPEAKER,
    WORKSHOP,
    Person,
    Room,
    SessionPerson,
    Theme,
)
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db
from assembly.registration.categories import HEAD_OF_DELEGATION, ensure_default_categories
from assembly.registration.models import APPROVED, Participant

ALL_LANGUAGES = ["en", "fr", "es", "ar", "zh"]


class _Builder:
    """Adds sessions to the event, finding people and rooms by name."""

    def __init__(self, event):
        self.event = event
        self.rooms: dict[str, Room] = {}
        self.themes: dict[str, Theme] = {}
        self.people: dict[str, Person] = {}
        self.sessions: list[AgendaSession] = []

    def person(self, name: str) -> Person:
        person = (
            self.people.get(name)
            or db.session.scalars(
                select(Person).where(Person.event_id == self.event.id, Person.name == name)
            ).first()
        )
        if person is None:
            title, affiliation = PEOPLE.get(name, VIPS.get(name, ("", "")))
            person = Person(event_id=self.event.id, name=name, title=title, affiliation=affiliation)
            db.session.add(person)
        self.people[name] = person
        return person

    def add(
        self,
        day: date,
        start: str,
        end: str,
        room: str,
        title: str,
        *,
        themes=(),
        type_=WORKSHOP,
        chairs=(),
        speakers=(),
        languages=None,
        capacity=None,
        audience="everyone",
        categories=(),
        description="",
    ) -> AgendaSession:
        tz = self.event.tz

        def moment(hhmm: str) -> datetime:
            return datetime.combine(day, time.fromisoformat(hhmm), tz)

        session = AgendaSession(
            event_id=self.event.id,
            title=title,
            description=description,
            type=type_,
            starts_at=moment(start),
            ends_at=moment(end),
            room=self.rooms[room],
            capacity=capacity,
            languages=list(languages or ALL_LANGUAGES[:4]),
            audience=audience,
            categories=list(categories),
            state=DRAFT,
            themes=[self.themes[t] for t in themes],
        )
        for role, names in ((CHAIR, chairs), (SPEAKER, speakers)):
            for position, name in enumerate(names):
                session.people.append(
                    SessionPerson(person=self.person(name), role=role, position=position)
                )
        db.session.add(session)
        self.sessions.append(session)
        return session


def _plenaries(b: _Builder, days: list[date], heads) -> None:
    d1, d2, d3, d4 = days
    hall = "Plenary Hall"
    b.add(
        d1,
        "09:30",
        "11:00",
        hall,
        "Opening ceremony of the 86th General Assembly",
        type_=PLENARY,
        themes=["interpol-governance"],
        languages=ALL_LANGUAGES,
        chairs=["Meng Hongwei 孟宏伟"],
        speakers=["Jürgen Stock", "Wang Lixin 王立新"],
        description="Welcome addresses by the host country, the President and the "
        "Secretary General.",
    )
    b.add(
        d1,
        "11:30",
        "13:00",
        hall,
        "Report of the Secretary General: INTERPOL's Global Strategy 2017–2020",
        type_=PLENARY,
        themes=["interpol-governance"],
        languages=ALL_LANGUAGES,
        chairs=["Meng Hongwei 孟宏伟"],
        speakers=["Jürgen Stock"],
    )
    b.add(
        d2,
        "09:00",
        "10:30",
        hall,
        "Plenary: Policing in a connected world — the cybercrime threat landscape",
        type_=PLENARY,
        themes=["cybercrime"],
        languages=ALL_LANGUAGES,
        chairs=["Jürgen Stock"],
        speakers=["Kenichi Tanaka 田中健一", "Olga Smirnova Ольга Смирнова"],
    )
    b.add(
        d3,
        "09:00",
        "10:30",
        hall,
        "Plenary: Counter-terrorism and foreign terrorist fighters",
        type_=PLENARY,
        themes=["terrorism"],
        languages=ALL_LANGUAGES,
        chairs=["Meng Hongwei 孟宏伟"],
        speakers=["Ahmed Hassan أحمد حسن", "John Whitfield"],
    )
    b.add(
        d4,
        "09:00",
        "11:00",
        hall,
        "Elections to the Executive Committee and resolutions",
        type_=CLOSED,
        themes=["interpol-governance"],
        languages=ALL_LANGUAGES,
        audience=DELEGATES,
        chairs=["Meng Hongwei 孟宏伟"],
        speakers=["Jürgen Stock"],
    )
    b.add(
        d4,
        "11:30",
        "12:30",
        hall,
        "Heads of Delegation closed session",
        type_=CLOSED,
        themes=["interpol-governance"],
        audience=CATEGORIES,
        categories=heads,
        chairs=["Jürgen Stock"],
    )
    b.add(
        d4,
        "16:00",
        "17:00",
        hall,
        "Closing ceremony and handover to the 87th General Assembly (Dubai)",
        type_=PLENARY,
        themes=["interpol-governance"],
        languages=ALL_LANGUAGES,
        chairs=["Meng Hongwei 孟宏伟"],
        speakers=["Jürgen Stock", "Wang Lixin 王立新"],
    )


def _regional(b: _Builder, day: date) -> None:
    rooms = [r for r in ROOMS if r[0] != "Plenary Hall"]
    for region, room, chair in zip(REGIONS, rooms, REGIONAL_CHAIRS, strict=True):
        b.add(
            day,
            "14:00",
            "15:30",
            room[0],
            f"Regional meeting: {region}",
            type_=REGIONAL,
            themes=["interpol-governance"],
            chairs=[chair],
            audience=DELEGATES,
        )


def _workshops(b: _Builder, days: list[date]) -> None:
    titles = iter(WORKSHOPS)
    pool = cycle(PEOPLE)
    small_rooms = [r[0] for r in ROOMS if r[0] != "Plenary Hall"]
    for day_index, start, end, parallel, type_ in SLOTS:
        used: set[str] = set()
        for room in small_rooms[:parallel]:
            try:
                title, themes = next(titles)
            except StopIteration:
                return
            names = []
            while len(names) < 3:
                name = next(pool)
                if name not in used:
                    used.add(name)
                    names.append(name)
            b.add(
                days[day_index],
                start,
                end,
                room,
                title,
                themes=themes,
                type_=type_,
                chairs=names[:1],
                speakers=names[1:],
            )


def _conflicting_drafts(b: _Builder, days: list[date]) -> list[AgendaSession]:
    d1, d2, d3, _ = days
    return [
        b.add(
            d2,
            "11:30",
            "12:15",
            "Jade Room",
            "INTERPOL Beijing and ASEANAPOL: bilateral meeting",
            type_=CLOSED,
            themes=["transnational-organized-crime"],
            chairs=["Wang Lixin 王立新"],
        ),
        b.add(
            d1,
            "12:00",
            "12:30",
            "Lotus Room",
            "Press briefing with the Secretary General",
            type_=SIDE_EVENT,
            themes=["interpol-governance"],
            speakers=["Jürgen Stock"],
        ),
        b.add(
            d3,
            "20:30",
            "22:00",
            "Pearl Room",
            "Evening briefing for NCB heads",
            type_=SIDE_EVENT,
            themes=["fugitive-investigations"],
        ),
        b.add(
            d3,
            "18:00",
            "19:00",
            "Lotus Room",
            "Youth and policing forum",
            type_=SIDE_EVENT,
            themes=["interpol-governance"],
            capacity=150,
        ),
        b.add(
            days[-1] + timedelta(days=1),
            "10:00",
            "16:00",
            "Yangtze Room",
            "Technical visit: Beijing Public Security Bureau command centre",
            type_=SIDE_EVENT,
            themes=["transnational-organized-crime"],
        ),
    ]


def _demo_sign_ups(event) -> int:
    """Sign approved demo participants up for the first sessions of a few rooms."""
    participants = db.session.scalars(
        select(Participant)
        .where(Participant.event_id == event.id, Participant.state == APPROVED)
        .order_by(Participant.id)
        .limit(sum(n for _, n in DEMO_SIGN_UPS))
    ).all()
    done = 0
    offset = 0
    for room, count in DEMO_SIGN_UPS:
        session = db.session.scalars(
            select(AgendaSession)
            .join(Room)
            .where(
                AgendaSession.event_id == event.id,
                Room.name == room,
                AgendaSession.state == "published",
                AgendaSession.audience == "everyone",
            )
            .order_by(AgendaSession.starts_at)
            .limit(1)
        ).first()
        group, offset = participants[offset : offset + count], offset + count
        for participant in group if session else []:
            try:
                services.sign_up(participant, session.id)
                done += 1
            except services.SignUpRefused:
                continue
    return done


def seed(event) -> list[str]:
    """Add the agenda area's demo data to `event`; return lines to print."""
    if db.session.scalars(select(Theme).where(Theme.event_id == event.id)).first():
        return ["agenda: already seeded"]
    b = _Builder(event)
    for order, (name, slug, colour) in enumerate(THEMES):
        b.themes[slug] = Theme(
            event_id=event.id, name=name, slug=slug, color=colour, sort_order=order
        )
    for order, (name, capacity, floor, opens, closes) in enumerate(ROOMS):
        b.rooms[name] = Room(
            event_id=event.id,
            name=name,
            capacity=capacity,
            floor=floor,
            opens_at=time.fromisoformat(opens),
            closes_at=time.fromisoformat(closes),
            sort_order=order,
        )
    db.session.add_all([*b.themes.values(), *b.rooms.values()])
    db.session.flush()
    days = [event.start_date + timedelta(days=i) for i in range(4)]
    heads = [c for c in ensure_default_categories() if c.name == HEAD_OF_DELEGATION]
    _plenaries(b, days, heads)
    _regional(b, days[1])
    _workshops(b, days)
    drafts = _conflicting_drafts(b, days)
    db.session.flush()
    draft_ids = {s.id for s in drafts}
    version = publishing.publish(
        event, session_ids=[s.id for s in b.sessions if s.id not in draft_ids]
    )
    signed = _demo_sign_ups(event)
    return [
        f"agenda: {len(b.themes)} themes, {len(b.rooms)} rooms, {len(b.sessions)} sessions "
        f"({len(b.sessions) - len(drafts)} published as version {version.number}, "
        f"{len(drafts)} drafts with conflicts), {signed} demo sign-ups"
    ]
