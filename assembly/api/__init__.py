"""The JSON API under /api/v1: token auth, JSON errors, paging, OpenAPI document.

Each resource lives in its own module (countries.py, registrations.py, ...)
that adds its routes to `bp` and its paths to the OpenAPI document
(a `PATHS` dict, collected by openapi.py).
"""

from flask import Blueprint

from assembly.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api")
# The API authenticates with Bearer tokens, never with the session cookie,
# so cross-site request forgery does not apply.
csrf.exempt(bp)

from assembly.api import (  # noqa: E402,F401  (register routes)
    checkin,
    countries,
    errors,
    event,
    openapi,
    registrations,
    sessions,
)

errors.register(bp)
