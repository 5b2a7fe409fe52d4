"""POST /api/v1/checkin: the door's verdict on a scanned badge, for scanning devices."""

from flask import jsonify, request

from assembly.api import bp
from assembly.api.auth import BEARER_SECURITY, current_api_user, token_required
from assembly.api.errors import APIError, validation_error
from assembly.badges import checkin
from assembly.core.event import current_event
from assembly.core.security import CHECKIN
from assembly.extensions import db


@bp.post("/v1/checkin")
@token_required(CHECKIN)
def post_checkin():
    """Check a scanned token; answer ok, already (entered today) or refused with the reason."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise validation_error({"token": "send a JSON object with the scanned token"})
    token = body.get("token")
    if not isinstance(token, str) or not token.strip() or len(token) > 200:
        raise validation_error({"token": "the scanned QR content, a non-empty string"})
    room = body.get("room", "")
    if not isinstance(room, str) or len(room) > 100:
        raise validation_error({"room": "a room name of at most 100 characters, or omit it"})
    event = current_event()
    if event is None:
        raise APIError(404, "not_found", "No event is running.")
    known = checkin.resolve_room(event, room)
    if known is None:
        rooms = ", ".join(checkin.room_names(event))
        raise validation_error(
            {"room": f"not one of the event's rooms ({rooms}); omit it at the main entrance"}
        )
    verdict = checkin.scan(event, token, current_api_user(), known)
    db.session.commit()
    return jsonify(verdict)


PARTICIPANT_SCHEMA = {
    "type": ["object", "null"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "native_name": {"type": "string"},
        "title": {"type": "string"},
        "country": {"type": ["string", "null"], "description": "ISO alpha-3"},
        "country_name": {"type": ["string", "null"]},
        "organization": {"type": "string"},
        "category": {"type": "string"},
        "category_color": {"type": "string"},
        "state": {"type": "string"},
        "badge_version": {"type": ["integer", "null"]},
        "photo_url": {"type": ["string", "null"]},
    },
}

VERDICT_SCHEMA = {
    "type": "object",
    "required": ["verdict", "reason", "message", "participant"],
    "properties": {
        "verdict": {"type": "string", "enum": [checkin.OK, checkin.ALREADY, checkin.REFUSED]},
        "reason": {
            "type": "string",
            "enum": ["", *checkin.REASONS],
            "description": "Why a scan is refused; empty for ok and already.",
        },
        "message": {"type": "string", "description": "What the door staff reads."},
        "participant": PARTICIPANT_SCHEMA,
        "day": {"type": "string", "format": "date", "description": "Local day of the entry."},
        "room": {"type": "string"},
        "first_entry": {"type": "string", "description": "Time of the first entry (already)."},
    },
}

PATHS = {
    "/api/v1/checkin": {
        "post": {
            "summary": "Check a scanned badge at the door and record the entry",
            "description": "Answers 200 for every verdict: ok (entry recorded for today, in the "
            "event's time zone), already (this person entered today at this door or room) or "
            "refused with the reason (unknown, forged, old_version, revoked, not_approved). "
            "Needs a check-in staff token.",
            "operationId": "checkIn",
            "tags": ["checkin"],
            "security": BEARER_SECURITY,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["token"],
                            "properties": {
                                "token": {"type": "string", "description": "The QR content."},
                                "room": {
                                    "type": "string",
                                    "description": "One of the event's rooms (GET "
                                    "/api/v1/rooms; case aside); omit at the main entrance. "
                                    "An unknown room is refused (422) when the event has rooms.",
                                },
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "The verdict",
                    "content": {"application/json": {"schema": VERDICT_SCHEMA}},
                },
                "401": {"$ref": "#/components/responses/Error"},
                "403": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"},
            },
        }
    }
}
