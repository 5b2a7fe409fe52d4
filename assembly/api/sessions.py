"""API resource: sessions, themes and rooms of the agenda; routes on `assembly.api.bp`,
OpenAPI paths in PATHS.

Reading is public (published sessions only); staff tokens (admins) create and
update sessions through the editor's rules, and a change that would make a
conflict is refused with 422 listing the conflicts.
"""

from datetime import date, datetime, timedelta

from flask import jsonify, request
from sqlalchemy import select

from assembly.agenda import catalog, editing, listing, validation
from assembly.agenda.conflicts import conflicts_involving
from assembly.agenda.models import PUBLISHED, Room, Theme
from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.services import seat_counts
from assembly.api import bp
from assembly.api.auth import BEARER_SECURITY, current_api_user, token_required
from assembly.api.errors import APIError, validation_error
from assembly.api.paging import PAGE_PARAMETERS, page_schema, paginate
from assembly.core.event import current_event
from assembly.core.security import ADMIN
from assembly.extensions import db


def _event():
    event = current_event()
    if event is None:
        raise APIError(404, "not_found", "There is no event yet.")
    return event


def session_json(event, session: AgendaSession, counts: dict | None = None) -> dict:
    """Return the public description of a session (times in UTC and in the event's zone)."""
    view = listing.session_view(event, session, counts)
    people = lambda role: [  # noqa: E731
        {k: p[k] for k in ("name", "title", "affiliation")} for p in view[role]
    ]
    return {
        "id": session.id,
        "title": session.title,
        "description": session.description,
        "type": session.type,
        "state": session.state,
        "starts_at": session.starts_at.isoformat().replace("+00:00", "Z"),
        "ends_at": session.ends_at.isoformat().replace("+00:00", "Z"),
        "local_start": view["start"].isoformat(),
        "local_end": view["end"].isoformat(),
        "timezone": event.timezone,
        "room_id": session.room_id,
        "room": view["room"] or None,
        "capacity": view["capacity"],
        "seats_left": view["seats_left"],
        "waiting": view["waiting"],
        "languages": view["languages"],
        "themes": [t["slug"] for t in view["themes"]],
        "audience": session.audience,
        "categories": view["categories"],
        "chairs": people("chairs"),
        "speakers": people("speakers"),
        "sequence": session.sequence,
    }


def _page_of_sessions(event, stmt) -> dict:
    body = paginate(stmt, lambda s: s)
    counts = seat_counts(s.id for s in body["items"])
    body["items"] = [session_json(event, s, counts[s.id]) for s in body["items"]]
    return body


@bp.get("/v1/sessions")
def list_sessions():
    """List published sessions in time order; filters `day`, `theme`, `room`."""
    event = _event()
    stmt = listing.sessions_query(event)
    errors = {}
    if request.args.get("day"):
        try:
            day = date.fromisoformat(request.args["day"])
        except ValueError:
            errors["day"] = "must be a date such as 2017-09-26"
        else:
            start = datetime.combine(day, datetime.min.time(), event.tz)
            stmt = stmt.where(
                AgendaSession.starts_at >= start,
                AgendaSession.starts_at < start + timedelta(days=1),
            )
    if request.args.get("theme"):
        slug = request.args["theme"]
        if slug not in {t.slug for t in catalog.themes(event)}:
            errors["theme"] = f"no theme {slug[:40]!r}"
        stmt = stmt.where(AgendaSession.themes.any(Theme.slug == slug))
    if request.args.get("room"):
        try:
            room_id = int(request.args["room"])
        except ValueError:
            errors["room"] = "must be a room id"
        else:
            stmt = stmt.where(AgendaSession.room_id == room_id)
    if errors:
        raise validation_error(errors, "Invalid filters.")
    return jsonify(_page_of_sessions(event, stmt))


def _session_or_404(event, session_id: int, *, staff: bool) -> AgendaSession:
    stmt = listing.sessions_query(event, ("draft", "published", "cancelled")).where(
        AgendaSession.id == session_id
    )
    session = db.session.scalars(stmt).first()
    if session is None or (session.state == "draft" and not staff):
        raise APIError(404, "not_found", f"No session {session_id}.")
    return session


@bp.get("/v1/sessions/<int:session_id>")
def get_session(session_id: int):
    """Return one published (or cancelled) session; staff tokens also see drafts."""
    event = _event()
    user = current_api_user()
    session = _session_or_404(event, session_id, staff=user is not None and user.role == ADMIN)
    return jsonify(session_json(event, session, seat_counts([session.id])[session.id]))


def _save(event, session: AgendaSession | None):
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise validation_error({"body": "must be a JSON object"}, "Send a JSON object.")
    clean, errors = validation.validate_session(event, data, current=session)
    if errors:
        raise validation_error(errors)
    # Only conflicts the change makes are refused, not those the session already had.
    before = (
        {(c["kind"], tuple(c["session_ids"])) for c in conflicts_involving(event, session.id)}
        if session is not None
        else set()
    )
    try:
        saved, conflicts = editing.save_session(event, session, clean, actor=current_api_user())
    except editing.ChangeRefused as exc:  # a published session into a conflict
        saved, conflicts = None, exc.conflicts
    else:
        conflicts = [c for c in conflicts if (c["kind"], tuple(c["session_ids"])) not in before]
    if conflicts:
        db.session.rollback()
        raise APIError(
            422,
            "conflicts",
            "The change would make conflicts: " + " ".join(c["message"] for c in conflicts),
            conflicts=conflicts,
        )
    db.session.commit()
    saved = _session_or_404(event, saved.id, staff=True)
    return session_json(event, saved, seat_counts([saved.id])[saved.id])


@bp.post("/v1/sessions")
@token_required(ADMIN)
def create_session():
    """Create a draft session; 422 with the conflicts it would make."""
    return jsonify(_save(_event(), None)), 201


@bp.patch("/v1/sessions/<int:session_id>")
@token_required(ADMIN)
def update_session(session_id: int):
    """Change a session's fields; 422 with the conflicts the change would make."""
    event = _event()
    return jsonify(_save(event, _session_or_404(event, session_id, staff=True)))


def theme_json(theme: Theme) -> dict:
    """Return the public description of a theme."""
    return {"id": theme.id, "slug": theme.slug, "name": theme.name, "color": theme.color}


def room_json(room: Room) -> dict:
    """Return the public description of a room."""
    return {
        "id": room.id,
        "name": room.name,
        "capacity": room.capacity,
        "floor": room.floor,
        "opens_at": room.opens_at.strftime("%H:%M"),
        "closes_at": room.closes_at.strftime("%H:%M"),
    }


@bp.get("/v1/themes")
def list_themes():
    """List the agenda's themes."""
    event = _event()
    stmt = select(Theme).where(Theme.event_id == event.id).order_by(Theme.sort_order, Theme.id)
    return jsonify(paginate(stmt, theme_json))


@bp.get("/v1/rooms")
def list_rooms():
    """List the venue's rooms."""
    event = _event()
    stmt = select(Room).where(Room.event_id == event.id).order_by(Room.sort_order, Room.id)
    return jsonify(paginate(stmt, room_json))


_PERSON = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "affiliation": {"type": "string"},
    },
}
SESSION_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "type": {
            "type": "string",
            "enum": ["plenary", "workshop", "regional", "side_event", "closed"],
        },
        "state": {"type": "string", "enum": ["draft", PUBLISHED, "cancelled"]},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "local_start": {"type": "string", "format": "date-time"},
        "local_end": {"type": "string", "format": "date-time"},
        "timezone": {"type": "string"},
        "room_id": {"type": ["integer", "null"]},
        "room": {"type": ["string", "null"]},
        "capacity": {"type": ["integer", "null"]},
        "seats_left": {"type": ["integer", "null"]},
        "waiting": {"type": "integer"},
        "languages": {"type": "array", "items": {"type": "string"}},
        "themes": {"type": "array", "items": {"type": "string"}},
        "audience": {"type": "string", "enum": ["everyone", "delegates", "categories"]},
        "categories": {"type": "array", "items": {"type": "string"}},
        "chairs": {"type": "array", "items": _PERSON},
        "speakers": {"type": "array", "items": _PERSON},
        "sequence": {"type": "integer"},
    },
}
SESSION_INPUT = {
    "type": "object",
    "description": "Times in ISO 8601; without an offset they are in the event's time zone. "
    "`themes` are theme slugs, `categories` category names.",
    "properties": {k: SESSION_SCHEMA["properties"][k] for k in validation.FIELDS},
}
THEME_SCHEMA = {
    "type": "object",
    "properties": {
        k: {"type": "integer" if k == "id" else "string"} for k in ("id", "slug", "name", "color")
    },
}
ROOM_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "capacity": {"type": "integer"},
        "floor": {"type": "string"},
        "opens_at": {"type": "string"},
        "closes_at": {"type": "string"},
    },
}
_ERR = {"$ref": "#/components/responses/Error"}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ID = {"name": "session_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_BODY = {"required": True, "content": {"application/json": {"schema": SESSION_INPUT}}}

PATHS = {
    "/api/v1/sessions": {
        "get": {
            "summary": "Published sessions of the agenda",
            "operationId": "listSessions",
            "tags": ["agenda"],
            "parameters": [
                *PAGE_PARAMETERS,
                {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "theme", "in": "query", "schema": {"type": "string"}},
                {"name": "room", "in": "query", "schema": {"type": "integer"}},
            ],
            "responses": {
                "200": _ok("A page of sessions", page_schema(SESSION_SCHEMA)),
                "422": _ERR,
            },
        },
        "post": {
            "summary": "Create a draft session (admins)",
            "operationId": "createSession",
            "tags": ["agenda"],
            "security": BEARER_SECURITY,
            "requestBody": _BODY,
            "responses": {
                "201": _ok("The session", SESSION_SCHEMA),
                "401": _ERR,
                "403": _ERR,
                "422": _ERR,
            },
        },
    },
    "/api/v1/sessions/{session_id}": {
        "get": {
            "summary": "One session",
            "operationId": "getSession",
            "tags": ["agenda"],
            "parameters": [_ID],
            "responses": {"200": _ok("The session", SESSION_SCHEMA), "404": _ERR},
        },
        "patch": {
            "summary": "Change a session (admins); 422 lists the conflicts it would make",
            "operationId": "updateSession",
            "tags": ["agenda"],
            "security": BEARER_SECURITY,
            "parameters": [_ID],
            "requestBody": _BODY,
            "responses": {
                "200": _ok("The session", SESSION_SCHEMA),
                "401": _ERR,
                "403": _ERR,
                "404": _ERR,
                "422": _ERR,
            },
        },
    },
    "/api/v1/themes": {
        "get": {
            "summary": "Themes of the agenda",
            "operationId": "listThemes",
            "tags": ["agenda"],
            "parameters": PAGE_PARAMETERS,
            "responses": {"200": _ok("A page of themes", page_schema(THEME_SCHEMA))},
        }
    },
    "/api/v1/rooms": {
        "get": {
            "summary": "Rooms of the venue",
            "operationId": "listRooms",
            "tags": ["agenda"],
            "parameters": PAGE_PARAMETERS,
            "responses": {"200": _ok("A page of rooms", page_schema(ROOM_SCHEMA))},
        }
    },
}
