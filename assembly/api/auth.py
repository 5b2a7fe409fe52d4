"""Bearer-token authentication for the API."""

from functools import wraps

from flask import g, request

from assembly.accounts.services import user_for_api_token
from assembly.api.errors import APIError
from assembly.core.security import has_role


def current_api_user():
    """Return the user of the request's Bearer token, None without one; 401 for a bad one."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        if not header:
            g.api_user = None
        else:
            scheme, _, token = header.partition(" ")
            user = user_for_api_token(token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                raise APIError(401, "unauthorized", "The API token is missing, invalid or revoked.")
            g.api_user = user
    return g.api_user


def token_required(*roles: str):
    """Require a valid token whose user has one of `roles` (admins always; any role if none)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_api_user()
            if user is None:
                raise APIError(401, "unauthorized", "This endpoint needs a Bearer token.")
            if roles and not has_role(user, *roles):
                raise APIError(403, "forbidden", "Your role may not use this endpoint.")
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


BEARER_SECURITY = [{"bearerAuth": []}]
