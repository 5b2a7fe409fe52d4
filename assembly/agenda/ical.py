"""iCalendar (RFC 5545) feeds of the agenda, made with the icalendar library.

Each session keeps one UID for life, its SEQUENCE goes up with every change,
a cancelled session stays in the feed as STATUS:CANCELLED so calendars drop
it, and times carry the event's TZID with a VTIMEZONE.
"""

from functools import lru_cache

from flask import url_for
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from assembly.agenda.models import CANCELLED
from assembly.core.db import utcnow


@lru_cache(maxsize=8)
def _vtimezone(tzid: str) -> Timezone:
    # Building a VTIMEZONE walks decades of transitions: once per zone and process.
    return Timezone.from_tzid(tzid)


def session_uid(event, session) -> str:
    """Return the session's iCal UID, stable across exports and edits."""
    return f"session-{session.id}.ga{event.number}@assembly"


def _vevent(event, session) -> VEvent:
    item = VEvent()
    item.add("uid", session_uid(event, session))
    item.add("dtstamp", (session.updated_at or utcnow()))
    item.add("dtstart", event.to_local(session.starts_at))
    item.add("dtend", event.to_local(session.ends_at))
    item.add("summary", session.title)
    speakers = [sp.person.name for sp in session.people]
    description = session.description
    if speakers:
        description = (description + "\n\n" if description else "") + ", ".join(speakers)
    if description:
        item.add("description", description)
    if session.room is not None:
        location = session.room.name
        if session.room.floor:
            location += f" ({session.room.floor})"
        item.add("location", location)
    if session.themes:
        item.add("categories", [t.name for t in session.themes])
    item.add("sequence", session.sequence)
    item.add("status", "CANCELLED" if session.state == CANCELLED else "CONFIRMED")
    item.add("url", url_for("agenda.session", session_id=session.id, _external=True))
    return item


def calendar(event, sessions, name: str) -> bytes:
    """Return the iCalendar text of `sessions` (loaded with room, themes and people)."""
    cal = Calendar()
    cal.add("prodid", "-//Assembly//General Assembly agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", event.timezone)
    cal.add_component(_vtimezone(event.timezone))
    for session in sessions:
        cal.add_component(_vevent(event, session))
    return cal.to_ical()
