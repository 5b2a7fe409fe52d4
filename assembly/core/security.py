"""Roles, the permission decorator used by every staff view, and signed tokens."""

import hashlib
import secrets
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from assembly.extensions import login_manager

ADMIN = "admin"
OFFICER = "officer"
FOCAL_POINT = "focal_point"
CHECKIN = "checkin"
ROLES = (ADMIN, OFFICER, FOCAL_POINT, CHECKIN)


def require_role(*roles: str):
    """Allow a view only to signed-in, active staff with one of `roles` (admins always).

    Anonymous visitors go to the login page; a signed-in user with another
    role gets 403.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_role(current_user, *roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def has_role(user, *roles: str) -> bool:
    """Tell whether `user` holds one of `roles`; admins hold every role."""
    role = getattr(user, "role", None)
    return role == ADMIN or role in roles


class TokenError(Exception):
    """A signed token is invalid; `expired` tells whether it was only too old."""

    def __init__(self, message: str, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def _serializer(purpose: str, stable: bool = False) -> URLSafeSerializer:
    kind = URLSafeSerializer if stable else URLSafeTimedSerializer
    return kind(current_app.config["SECRET_KEY"], salt=f"assembly.{purpose}")


def sign(purpose: str, data, *, stable: bool = False) -> str:
    """Sign `data` for one `purpose` (the purpose is part of the key).

    A `stable` token has no timestamp: the same data always gives the same token
    (a URL that calendar apps subscribe to should not change on every visit).
    """
    return _serializer(purpose, stable).dumps(data)


def unsign(purpose: str, token: str, max_age: int | None = None, *, stable: bool = False):
    """Return the data of a token signed for `purpose`, or raise TokenError."""
    try:
        if stable:
            return _serializer(purpose, stable).loads(token)
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError("This link has expired.", expired=True) from exc
    except BadSignature as exc:
        raise TokenError("This link is not valid.") from exc


def new_api_token() -> str:
    """Return a fresh random API token (shown once, stored only as its hash)."""
    return "asm_" + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    """Hash an API token for storage and lookup."""
    return hashlib.sha256(token.encode()).hexdigest()


def client_address() -> str:
    """Return the client's address, as the rate limits key it."""
    return request.remote_addr or "unknown"
