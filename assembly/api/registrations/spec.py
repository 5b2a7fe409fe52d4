"""OpenAPI description of the registrations resource (its PATHS) and its field names."""

from assembly.api.auth import BEARER_SECURITY
from assembly.api.paging import PAGE_PARAMETERS, page_schema
from assembly.registration.models import STATES

# The JSON fields of a registration (the same names as the form, imports and services).
FIELDS = (
    "country", "organization_name", "category", "title", "given_name", "family_name",
    "badge_name", "native_name", "nationality", "date_of_birth", "passport_number",
    "passport_expiry", "position", "organization", "email", "phone", "arrival_date",
    "departure_date", "language", "dietary", "accessibility", "consent", "list_consent",
)  # fmt: skip


def _schema() -> dict:
    text = {"type": "string"}
    date = {"type": "string", "format": "date"}
    props = {name: dict(text) for name in FIELDS}
    for name in ("date_of_birth", "passport_expiry", "arrival_date", "departure_date"):
        props[name] = dict(date)
    props["country"] = {"type": "string", "description": "ISO alpha-3 of a member country"}
    props["nationality"] = {"type": "string", "description": "ISO alpha-3"}
    props["language"] = {"type": "string", "enum": ["en", "fr", "es", "ar"]}
    props["consent"] = {"type": "boolean"}
    props["list_consent"] = {"type": "boolean"}
    return props


SUBMIT_SCHEMA = {
    "type": "object",
    "required": [
        "category",
        "given_name",
        "family_name",
        "nationality",
        "date_of_birth",
        "passport_number",
        "passport_expiry",
        "email",
        "arrival_date",
        "departure_date",
        "consent",
    ],  # fmt: skip
    "description": "`country` (member) or `organization_name` (observers) is required too.",
    "properties": {
        **_schema(),
        "photo": {"type": "string", "contentEncoding": "base64", "description": "JPEG/PNG/WebP"},
    },
}
REGISTRATION_SCHEMA = {
    "type": "object",
    "properties": {
        **_schema(),
        "id": {"type": "integer"},
        "state": {"type": "string", "enum": list(STATES)},
        "is_head": {"type": "boolean"},
        "has_photo": {"type": "boolean"},
        "decision_reason": {"type": "string"},
        "submitted_at": {"type": ["string", "null"], "format": "date-time"},
        "approved_at": {"type": ["string", "null"], "format": "date-time"},
    },
    "description": "date_of_birth, passport_number and passport_expiry: officers and admins only.",
}
STATE_BODY = {
    "type": "object",
    "required": ["id", "state"],
    "properties": {"id": {"type": "integer"}, "state": {"type": "string", "enum": list(STATES)}},
}
ERROR = {"$ref": "#/components/responses/Error"}
ID_PARAMETER = {
    "name": "participant_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


PATHS = {
    "/api/v1/registrations": {
        "post": {
            "summary": "Submit a registration (public, or staff with a token)",
            "operationId": "createRegistration",
            "tags": ["registrations"],
            "security": [{}, *BEARER_SECURITY],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": SUBMIT_SCHEMA},
                    "multipart/form-data": {
                        "schema": {
                            **SUBMIT_SCHEMA,
                            "properties": {
                                **SUBMIT_SCHEMA["properties"],
                                "photo": {"type": "string", "format": "binary"},
                            },
                        }
                    },
                },
            },
            "responses": {
                "201": _json(STATE_BODY, "Registered (staff token)"),
                "202": _json(
                    {"type": "object", "properties": {"status": {"const": "received"}}},
                    "Received (public), whether the address was new or already registered",
                ),
                "401": ERROR,
                "403": ERROR,
                "409": ERROR,
                "413": ERROR,
                "422": ERROR,
                "429": ERROR,
            },
        },
        "get": {
            "summary": "List registrations (a focal point: its own country only)",
            "operationId": "listRegistrations",
            "tags": ["registrations"],
            "security": BEARER_SECURITY,
            "parameters": [
                *PAGE_PARAMETERS,
                {"name": "country", "in": "query", "schema": {"type": "string"}},
                {
                    "name": "state",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(STATES)},
                },
            ],
            "responses": {
                "200": _json(page_schema(REGISTRATION_SCHEMA), "A page of registrations"),
                "401": ERROR,
                "403": ERROR,
                "422": ERROR,
            },
        },
    },
    "/api/v1/registrations/{participant_id}": {
        "get": {
            "summary": "One registration",
            "operationId": "getRegistration",
            "tags": ["registrations"],
            "security": BEARER_SECURITY,
            "parameters": [ID_PARAMETER],
            "responses": {
                "200": _json(REGISTRATION_SCHEMA, "The registration"),
                "401": ERROR,
                "403": ERROR,
                "404": ERROR,
            },
        }
    },
    "/api/v1/registrations/{participant_id}/transitions": {
        "post": {
            "summary": "Move a registration to another state",
            "operationId": "transitionRegistration",
            "tags": ["registrations"],
            "security": BEARER_SECURITY,
            "parameters": [ID_PARAMETER],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["to"],
                            "properties": {
                                "to": {
                                    "type": "string",
                                    "enum": [
                                        "confirmed",
                                        "approved",
                                        "rejected",
                                        "revoked",
                                        "withdrawn",
                                    ],
                                },
                                "reason": {"type": "string"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": _json(STATE_BODY, "The new state"),
                "401": ERROR,
                "403": ERROR,
                "404": ERROR,
                "409": ERROR,
                "422": ERROR,
            },
        }
    },
}
