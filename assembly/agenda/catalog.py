"""Rooms and themes the sessions refer to: validation, saving, deleting.

A room made larger seats the waiting lists of its sessions (those that take the
room's capacity), first in line first.
"""

import re
from datetime import time

from flask_babel import gettext as _
from sqlalchemy import func, select

from assembly.agenda.models import CANCELLED, PUBLISHED, Room, Theme
from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.services import AgendaError, lock_session, promote_waiting
from assembly.core.audit import record
from assembly.extensions import db

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def slugify(name: str) -> str:
    """Return a URL-safe identifier made from a name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "theme"


def rooms(event) -> list[Room]:
    """Return the event's rooms in display order."""
    return list(
        db.session.scalars(
            select(Room).where(Room.event_id == event.id).order_by(Room.sort_order, Room.name)
        )
    )


def themes(event) -> list[Theme]:
    """Return the event's themes in display order."""
    return list(
        db.session.scalars(
            select(Theme).where(Theme.event_id == event.id).order_by(Theme.sort_order, Theme.name)
        )
    )


def save_room(
    event,
    room: Room | None,
    *,
    name: str,
    capacity: int,
    floor: str,
    opens_at: time,
    closes_at: time,
    actor=None,
) -> Room:
    """Create or update a room; raise AgendaError with a message on a bad value."""
    name = name.strip()
    if closes_at <= opens_at:
        raise AgendaError(_("The room must close after it opens."))
    clash = db.session.scalars(
        select(Room).where(Room.event_id == event.id, Room.name == name)
    ).first()
    if clash is not None and clash is not room:
        raise AgendaError(_("There is already a room called %(name)s.", name=name))
    old_capacity = room.capacity if room is not None else None
    if room is None:
        room = Room(event_id=event.id, sort_order=len(rooms(event)))
        db.session.add(room)
    room.name, room.capacity, room.floor = name, capacity, floor.strip()
    room.opens_at, room.closes_at = opens_at, closes_at
    db.session.flush()
    record("agenda.room_saved", room, after={"name": name, "capacity": capacity}, actor=actor)
    if old_capacity is not None and capacity > old_capacity:
        _seat_waiting_lists(room)
    return room


def _seat_waiting_lists(room: Room) -> None:
    session_ids = db.session.scalars(
        select(AgendaSession.id)
        .where(
            AgendaSession.room_id == room.id,
            AgendaSession.capacity.is_(None),
            AgendaSession.state == PUBLISHED,
        )
        .order_by(AgendaSession.id)  # the order every lock of several sessions takes
    ).all()
    for session_id in session_ids:
        promote_waiting(lock_session(session_id))


def sessions_in_room(room: Room) -> int:
    """Return how many sessions (cancelled ones aside) the room holds."""
    return db.session.scalar(
        select(func.count()).where(
            AgendaSession.room_id == room.id, AgendaSession.state != CANCELLED
        )
    )


def delete_room(room: Room, *, actor=None) -> None:
    """Delete a room no live session uses."""
    used = sessions_in_room(room)
    if used:
        raise AgendaError(
            _(
                "%(name)s still holds %(n)d session(s): move them to another room first.",
                name=room.name,
                n=used,
            )
        )
    record("agenda.room_deleted", room, before={"name": room.name}, actor=actor)
    db.session.delete(room)
    db.session.flush()


def save_theme(event, theme: Theme | None, *, name: str, color: str, actor=None) -> Theme:
    """Create or update a theme; raise AgendaError with a message on a bad value."""
    name = name.strip()
    if not COLOR.match(color or ""):
        raise AgendaError(_("The colour must look like #1f4e79."))
    slug = slugify(name)
    clash = db.session.scalars(
        select(Theme).where(Theme.event_id == event.id, Theme.slug == slug)
    ).first()
    if clash is not None and clash is not theme:
        raise AgendaError(_("There is already a theme called %(name)s.", name=clash.name))
    if theme is None:
        theme = Theme(event_id=event.id, sort_order=len(themes(event)))
        db.session.add(theme)
    theme.name, theme.slug, theme.color = name, slug, color.lower()
    db.session.flush()
    record("agenda.theme_saved", theme, after={"name": name, "color": color}, actor=actor)
    return theme


def sessions_with_theme(theme: Theme) -> int:
    """Return how many sessions (cancelled ones aside) are filed under a theme."""
    return db.session.scalar(
        select(func.count(AgendaSession.id)).where(
            AgendaSession.themes.any(Theme.id == theme.id), AgendaSession.state != CANCELLED
        )
    )


def delete_theme(theme: Theme, *, actor=None) -> None:
    """Delete a theme; its sessions simply lose it."""
    record("agenda.theme_deleted", theme, before={"name": theme.name}, actor=actor)
    db.session.delete(theme)
    db.session.flush()
