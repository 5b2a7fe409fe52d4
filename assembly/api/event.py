"""GET /api/v1/event: the event the site runs."""

from flask import jsonify

from assembly.api import bp
from assembly.api.errors import APIError
from assembly.core.event import current_event


def event_json(event) -> dict:
    """Return the public description of `event`."""
    return {
        "number": event.number,
        "name": event.name,
        "city": event.city,
        "venue": event.venue,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "timezone": event.timezone,
        "registration_opens": event.registration_opens.isoformat()
        if event.registration_opens
        else None,
        "registration_closes": event.registration_closes.isoformat()
        if event.registration_closes
        else None,
        "registration": event.registration_state(),
        "languages": event.languages,
    }


@bp.get("/v1/event")
def get_event():
    """Describe the current event."""
    event = current_event()
    if event is None:
        raise APIError(404, "not_found", "No event has been set up yet.")
    return jsonify(event_json(event))


EVENT_SCHEMA = {
    "type": "object",
    "properties": {
        "number": {"type": "integer"},
        "name": {"type": "string"},
        "city": {"type": "string"},
        "venue": {"type": "string"},
        "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"},
        "timezone": {"type": "string"},
        "registration_opens": {"type": ["string", "null"], "format": "date-time"},
        "registration_closes": {"type": ["string", "null"], "format": "date-time"},
        "registration": {"type": "string", "enum": ["not_open", "open", "closed"]},
        "languages": {"type": "array", "items": {"type": "string"}},
    },
}

PATHS = {
    "/api/v1/event": {
        "get": {
            "summary": "The current event",
            "operationId": "getEvent",
            "tags": ["event"],
            "responses": {
                "200": {
                    "description": "The event",
                    "content": {"application/json": {"schema": EVENT_SCHEMA}},
                },
                "404": {"$ref": "#/components/responses/Error"},
            },
        }
    }
}
