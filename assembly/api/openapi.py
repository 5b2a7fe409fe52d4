"""GET /api/openapi.json: the OpenAPI 3.1 document, assembled from each resource's PATHS."""

from flask import jsonify

from assembly.api import bp, checkin, countries, event, registrations, sessions
from assembly.api.errors import ERROR_SCHEMA

# Each resource module adds itself here.
RESOURCES = [event, countries, registrations, sessions, checkin]


def document() -> dict:
    """Return the OpenAPI document of every endpoint."""
    paths: dict = {}
    for module in RESOURCES:
        for path, operations in module.PATHS.items():
            paths.setdefault(path, {}).update(operations)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Assembly API",
            "version": "1.0.0",
            "description": "Registration, agenda and check-in of a world police General Assembly."
            " Staff calls take `Authorization: Bearer <token>` (`flask assembly create-token`).",
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR_SCHEMA},
            "responses": {
                "Error": {
                    "description": "An error",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    """Serve the OpenAPI document."""
    return jsonify(document())
