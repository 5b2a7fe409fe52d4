"""A session's fields checked: one set of rules for the organizers' editor and the
API, from a dict of API field names to clean values and errors per field."""

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from assembly.agenda.models import (
    AUDIENCES,
    CATEGORIES,
    INTERPRETATION_LANGUAGES,
    SESSION_TYPES,
    Room,
    Theme,
)
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db
from assembly.registration.models import Category

FIELDS = (
    "title",
    "description",
    "type",
    "starts_at",
    "ends_at",
    "room_id",
    "capacity",
    "languages",
    "themes",
    "audience",
    "categories",
    "chairs",
    "speakers",
)
REQUIRED = ("title", "starts_at", "ends_at")


def parse_moment(event, value) -> datetime:
    """Return a UTC moment from a datetime or ISO 8601 text; without an offset, event time."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if not isinstance(value, datetime):
        raise ValueError
    if value.tzinfo is None:
        value = value.replace(tzinfo=event.tz)
    return value.astimezone(UTC)


def _people(value, errors: dict, name: str) -> list[dict]:
    if not isinstance(value, list):
        errors[name] = [_("must be a list of people")]
        return []
    people = []
    for item in value:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            errors[name] = [_("every person needs a name")]
            return []
        people.append(
            {
                "name": str(item["name"]).strip()[:200],
                "title": str(item.get("title") or "").strip()[:200],
                "affiliation": str(item.get("affiliation") or "").strip()[:200],
            }
        )
    return people


def _names(value, known: dict, errors: dict, name: str) -> list:
    if not isinstance(value, list):
        errors[name] = [_("must be a list")]
        return []
    unknown = [v for v in value if v not in known]
    if unknown:
        errors[name] = [_("unknown: %(names)s", names=", ".join(str(u) for u in unknown[:5]))]
        return []
    return [known[v] for v in value]


def validate_session(event, data: dict, *, current: AgendaSession | None = None):
    """Return (clean, errors) for session fields; `current` given: only the fields sent."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    unknown = set(data) - set(FIELDS)
    for field in sorted(unknown):
        errors[field] = [_("unknown field")]
    for field in REQUIRED:
        if current is None and data.get(field) in (None, ""):
            errors[field] = [_("This field is required.")]
    if "title" in data and data["title"] not in (None, ""):
        title = str(data["title"]).strip()
        if not title or len(title) > 300:
            errors["title"] = [_("must be 1 to 300 characters")]
        clean["title"] = title
    if "description" in data:
        clean["description"] = str(data["description"] or "")
    if "type" in data:
        if data["type"] not in SESSION_TYPES:
            errors["type"] = [_("must be one of: %(v)s", v=", ".join(SESSION_TYPES))]
        clean["type"] = data["type"]
    for field in ("starts_at", "ends_at"):
        if data.get(field) not in (None, ""):
            try:
                clean[field] = parse_moment(event, data[field])
            except (ValueError, TypeError):
                errors[field] = [_("must be a date and time such as 2017-09-26T09:00")]
    start = clean.get("starts_at", current.starts_at if current else None)
    end = clean.get("ends_at", current.ends_at if current else None)
    if start and end and "ends_at" not in errors and end <= start:
        errors["ends_at"] = [_("must be after the start")]
    if "room_id" in data:
        room_id = data["room_id"]
        if room_id in (None, "", 0):
            clean["room_id"] = None
        else:
            room = db.session.get(Room, room_id) if isinstance(room_id, int) else None
            if room is None or room.event_id != event.id:
                errors["room_id"] = [_("no such room")]
            clean["room_id"] = room_id
    if "capacity" in data:
        capacity = data["capacity"]
        if capacity in (None, ""):
            clean["capacity"] = None
        elif not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
            errors["capacity"] = [_("must be a whole number of seats, 1 or more")]
        else:
            clean["capacity"] = capacity
    if "languages" in data:
        known = {c: c for c in INTERPRETATION_LANGUAGES}
        clean["languages"] = _names(data["languages"], known, errors, "languages")
    if "themes" in data:
        themes = {
            t.slug: t for t in db.session.scalars(select(Theme).where(Theme.event_id == event.id))
        }
        clean["themes"] = _names(data["themes"], themes, errors, "themes")
    if "categories" in data:
        known = {c.name: c for c in db.session.scalars(select(Category))}
        clean["categories"] = _names(data["categories"], known, errors, "categories")
    if "audience" in data:
        if data["audience"] not in AUDIENCES:
            errors["audience"] = [_("must be one of: %(v)s", v=", ".join(AUDIENCES))]
        clean["audience"] = data["audience"]
    audience = clean.get("audience", current.audience if current else "everyone")
    categories = clean.get("categories", current.categories if current else [])
    if audience == CATEGORIES and not categories and "audience" not in errors:
        errors["categories"] = [_("choose the categories that may attend")]
    for role in ("chairs", "speakers"):
        if role in data:
            clean[role] = _people(data[role] or [], errors, role)
    return clean, errors
