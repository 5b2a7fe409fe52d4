"""The agenda as pages show it: plain data, loaded with one query per kind of data.

Event, rooms, themes, sessions (with their themes and people through
`selectinload`) and seat counts: a fixed number of queries whatever the
number of sessions, which the query-count test pins.
"""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assembly.agenda import catalog
from assembly.agenda.models import (
    CANCELLED,
    CHAIR,
    PUBLISHED,
    SPEAKER,
    SessionPerson,
)
from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.services import seat_counts
from assembly.extensions import db

TYPE_LABELS = {
    "plenary": _l("Plenary"),
    "workshop": _l("Workshop"),
    "regional": _l("Regional meeting"),
    "side_event": _l("Side event"),
    "closed": _l("Closed session"),
}
AUDIENCE_LABELS = {
    "everyone": _l("Everyone"),
    "delegates": _l("Delegates only"),
    "categories": _l("Chosen categories"),
}
LANGUAGE_LABELS = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "zh": "中文",
}
SLOT_MINUTES = 15


def sessions_query(event, states=(PUBLISHED,)):
    """Return the statement of the event's sessions with everything pages show eager-loaded."""
    return (
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id, AgendaSession.state.in_(states))
        .options(
            selectinload(AgendaSession.room),
            selectinload(AgendaSession.themes),
            selectinload(AgendaSession.categories),
            selectinload(AgendaSession.people).selectinload(SessionPerson.person),
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    )


def _person(p) -> dict:
    return {"id": p.id, "name": p.name, "title": p.title, "affiliation": p.affiliation}


def session_view(event, s: AgendaSession, counts: dict | None = None) -> dict:
    """Return what a page shows of one session (loaded by `sessions_query`)."""
    start, end = event.to_local(s.starts_at), event.to_local(s.ends_at)
    capacity = s.effective_capacity
    seated = (counts or {}).get("seated", 0)
    waiting = (counts or {}).get("waiting", 0)
    return {
        "id": s.id,
        "title": s.title,
        "description": s.description,
        "type": s.type,
        "type_label": TYPE_LABELS.get(s.type, s.type),
        "state": s.state,
        "cancelled": s.state == CANCELLED,
        "start": start,
        "end": end,
        "day": start.date(),
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "room": s.room.name if s.room else "",
        "room_id": s.room_id,
        "floor": s.room.floor if s.room else "",
        "themes": [{"name": t.name, "slug": t.slug, "color": t.color} for t in s.themes],
        "color": s.themes[0].color if s.themes else "#6c757d",
        "chairs": [_person(sp.person) for sp in s.people if sp.role == CHAIR],
        "speakers": [_person(sp.person) for sp in s.people if sp.role == SPEAKER],
        "languages": list(s.languages or []),
        "audience": s.audience,
        "audience_label": AUDIENCE_LABELS.get(s.audience, s.audience),
        "categories": [c.name for c in s.categories],
        "capacity": capacity,
        "seated": seated,
        "waiting": waiting,
        "seats_left": None if capacity is None else max(capacity - seated, 0),
        "sequence": s.sequence,
    }


def event_days(event) -> list:
    """Return the days of the event."""
    days, day = [], event.start_date
    while day <= event.end_date:
        days.append(day)
        day += timedelta(days=1)
    return days


def _matches(view: dict, theme, type_, language, q) -> bool:
    if theme and theme not in {t["slug"] for t in view["themes"]}:
        return False
    if type_ and view["type"] != type_:
        return False
    if language and language not in view["languages"]:
        return False
    if q:
        people = " ".join(p["name"] for p in view["chairs"] + view["speakers"])
        text = " ".join([view["title"], view["description"], view["room"], people]).lower()
        return all(word in text for word in q.lower().split())
    return True


def _displaced(view: dict, live: list[dict]) -> bool:
    """Tell whether a cancelled session's slot is taken by a live session in its room."""
    return any(
        s["room_id"] == view["room_id"] and s["start"] < view["end"] and view["start"] < s["end"]
        for s in live
    )


def _grid(sessions: list[dict], rooms: list[dict]) -> dict:
    """Place a day's sessions on a grid: a column per room, a row per quarter hour.

    Sessions without a room get a column after the rooms; a cancelled session
    whose slot another session took gets one more, "Cancelled", at the end.
    """
    if not sessions:
        return {"rows": [], "cells": [], "columns": rooms, "extra": [], "width": len(rooms)}
    first = min(s["start"] for s in sessions).replace(minute=0)
    last = max(s["end"] for s in sessions)
    column = {r["id"]: i + 2 for i, r in enumerate(rooms)}
    live = [s for s in sessions if not s["cancelled"]]
    displaced = {s["id"] for s in sessions if s["cancelled"] and _displaced(s, live)}
    extra, next_column = [], len(rooms) + 2
    if any(s["room_id"] not in column and s["id"] not in displaced for s in sessions):
        extra.append({"name": "", "column": next_column})
        column[None] = next_column
        next_column += 1
    if displaced:
        extra.append({"name": _l("Cancelled"), "column": next_column})

    def row(moment: datetime) -> int:
        return int((moment - first).total_seconds() // 60 // SLOT_MINUTES) + 2

    rows, moment = [], first
    while moment < last:
        rows.append({"label": moment.strftime("%H:%M"), "row": row(moment)})
        moment += timedelta(hours=1)
    cells = [
        {
            **s,
            "grid_row": f"{row(s['start'])} / {max(row(s['end']), row(s['start']) + 1)}",
            "grid_column": next_column if s["id"] in displaced else column.get(s["room_id"]),
        }
        for s in sessions
    ]
    width = len(rooms) + len(extra)
    return {"rows": rows, "cells": cells, "columns": rooms, "extra": extra, "width": width}


def public_agenda(event, *, day=None, theme="", type_="", language="", q="") -> dict:
    """Return the published agenda, filtered, for the public page.

    Cancelled sessions are in it, marked (whoever planned to go must see it),
    but not in the counts.
    """
    rooms = [{"id": r.id, "name": r.name, "floor": r.floor} for r in catalog.rooms(event)]
    themes = [{"slug": t.slug, "name": t.name, "color": t.color} for t in catalog.themes(event)]
    sessions = list(db.session.scalars(sessions_query(event, (PUBLISHED, CANCELLED))))
    counts = seat_counts(s.id for s in sessions)
    views = [session_view(event, s, counts[s.id]) for s in sessions]
    days = event_days(event)
    day = day if day in days else days[0]
    shown = [v for v in views if _matches(v, theme, type_, language, q)]
    today = [v for v in shown if v["day"] == day]
    used_rooms = [r for r in rooms if any(v["room_id"] == r["id"] for v in today)]
    live = [v for v in shown if not v["cancelled"]]
    return {
        "days": [{"date": d, "count": sum(1 for v in live if v["day"] == d)} for d in days],
        "day": day,
        "rooms": rooms,
        "themes": themes,
        "types": TYPE_LABELS,
        "languages": LANGUAGE_LABELS,
        "sessions": today,
        "grid": _grid(today, used_rooms),
        "total": sum(1 for v in views if not v["cancelled"]),
        "matching": len(live),
    }


def session_page(event, session_id: int, *, include_drafts: bool = False) -> dict | None:
    """Return one public session (published or cancelled) for its page, or None."""
    states = (PUBLISHED, CANCELLED) + (("draft",) if include_drafts else ())
    s = db.session.scalars(
        sessions_query(event, states).where(AgendaSession.id == session_id)
    ).first()
    if s is None:
        return None
    return session_view(event, s, seat_counts([s.id])[s.id])
