"""iCalendar (RFC 5545) feeds of the agenda, made with the icalendar library.

Each session keeps one UID for life, its SEQUENCE goes up with every change,
a cancelled session stays in the feed as STATUS:CANCELLED so calendars drop
it, and times carry the event's TZID with a VTIMEZONE.

A participant's own feed has a URL of its own, signed for that purpose only:
calendar apps sync it to third parties, so it must not be the private link
(which edits passport data and withdraws). A new private link (link_version)
retires the old feed URL too. Waiting-list places are TENTATIVE.
"""

from functools import lru_cache

from flask_babel import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from assembly.agenda.models import CANCELLED
from assembly.core.db import utcnow
from assembly.core.security import TokenError, sign, unsign
from assembly.core.urls import public_url
from assembly.extensions import db
from assembly.registration.models import Participant

FEED_PURPOSE = "agenda-feed"


def feed_token(participant: Participant) -> str:
    """Return the token of the participant's calendar feed (good for nothing else)."""
    return sign(FEED_PURPOSE, [participant.id, participant.link_version], stable=True)


def participant_from_feed_token(token: str) -> Participant:
    """Return the participant a calendar-feed token names, or raise TokenError."""
    data = unsign(FEED_PURPOSE, token, stable=True)
    if not (isinstance(data, list) and len(data) == 2):
        raise TokenError("This link is not valid.")
    participant = db.session.get(Participant, data[0])
    if participant is None or participant.link_version != data[1]:
        raise TokenError("This link is no longer valid.")
    return participant


@lru_cache(maxsize=8)
def _vtimezone(tzid: str) -> Timezone:
    # Building a VTIMEZONE walks decades of transitions: once per zone and process.
    return Timezone.from_tzid(tzid)


def session_uid(event, session) -> str:
    """Return the session's iCal UID, stable across exports and edits."""
    return f"session-{session.id}.ga{event.number}@assembly"


def _vevent(event, session, waiting: bool = False) -> VEvent:
    item = VEvent()
    item.add("uid", session_uid(event, session))
    item.add("dtstamp", (session.updated_at or utcnow()))
    item.add("dtstart", event.to_local(session.starts_at))
    item.add("dtend", event.to_local(session.ends_at))
    if waiting:
        item.add("summary", _("%(title)s (waiting list)", title=session.title))
    else:
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
    if session.state == CANCELLED:
        item.add("status", "CANCELLED")
    else:  # a waiting-list place is no seat yet
        item.add("status", "TENTATIVE" if waiting else "CONFIRMED")
    item.add("url", public_url("agenda.session", session_id=session.id))
    return item


def calendar(event, sessions, name: str, waiting=frozenset()) -> bytes:
    """Return the iCalendar text of `sessions` (loaded with room, themes and people).

    `waiting`: ids of the sessions the calendar's owner is only on the waiting list of.
    """
    cal = Calendar()
    cal.add("prodid", "-//Assembly//General Assembly agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", event.timezone)
    cal.add_component(_vtimezone(event.timezone))
    for session in sessions:
        cal.add_component(_vevent(event, session, session.id in waiting))
    return cal.to_ical()
