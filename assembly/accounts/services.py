"""Staff accounts: creating users, signing in, password reset and API tokens."""

import secrets

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, select

from assembly.accounts.models import ApiToken, User
from assembly.core import audit
from assembly.core.db import utcnow
from assembly.core.security import (
    FOCAL_POINT,
    ROLES,
    TokenError,
    hash_api_token,
    new_api_token,
    sign,
    unsign,
)
from assembly.countries.models import Country
from assembly.extensions import db

RESET_PURPOSE = "password-reset"
MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A staff account cannot be created or changed as asked; the message says why."""


def load_user(user_id: str) -> User | None:
    """Return the user for Flask-Login's session cookie."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def normalize_email(email: str) -> str:
    """Return `email` validated and lower-cased, or raise AccountError."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(f"Invalid email address {email!r}: {exc}") from exc


def find_user(email: str) -> User | None:
    """Return the user with `email` (case-insensitive), if any."""
    return db.session.scalars(select(User).where(User.email == email.strip().lower())).first()


def create_user(
    email: str,
    role: str,
    country_iso3: str | None = None,
    password: str | None = None,
    name: str = "",
) -> tuple[User, str]:
    """Create a staff user; return it and its password (generated when none is given)."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.")
    country = None
    if role == FOCAL_POINT:
        if not country_iso3:
            raise AccountError("A focal point needs --country ISO3 (e.g. --country CHN).")
        country = db.session.scalars(
            select(Country).where(Country.iso3 == country_iso3.strip().upper())
        ).first()
        if country is None:
            raise AccountError(
                f"Unknown country {country_iso3!r}; use an ISO alpha-3 code of a seeded country."
            )
    elif country_iso3:
        raise AccountError("Only focal points are bound to a country; drop --country.")
    if find_user(email):
        raise AccountError(f"A user with the email {email} already exists.")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    password = password or secrets.token_urlsafe(12)
    user = User(email=email, role=role, country=country, name=name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create", user, after={"email": email, "role": role, "country": country_iso3 or None}
    )
    return user, password


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose email and password match, else None."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def _password_fingerprint(user: User) -> str:
    # Part of the reset token: a token stops working once the password changes,
    # so a link can be used only once.
    return user.password_hash[-16:]


def make_reset_token(user: User) -> str:
    """Return a signed password-reset token for `user`."""
    return sign(RESET_PURPOSE, {"uid": user.id, "fp": _password_fingerprint(user)})


def user_from_reset_token(token: str) -> User:
    """Return the user a valid, unused, unexpired reset token is for, or raise TokenError."""
    data = unsign(RESET_PURPOSE, token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        raise TokenError("This link has already been used or is not valid.")
    return user


def reset_password(user: User, password: str) -> None:
    """Set a new password after a reset."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    user.set_password(password)
    audit.record("user.password_reset", user, actor=user)


def create_api_token(user: User, name: str = "") -> str:
    """Create a personal API token for `user`; return it in clear (the only time it is)."""
    token = new_api_token()
    db.session.add(
        ApiToken(user=user, name=name, token_hash=hash_api_token(token), prefix=token[:10])
    )
    audit.record("token.create", user, after={"name": name, "prefix": token[:10]})
    return token


def user_for_api_token(token: str) -> User | None:
    """Return the active user a valid, unrevoked API token belongs to."""
    row = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_api_token(token))
    ).first()
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    return row.user


def count_admins() -> int:
    """Return the number of active admins."""
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.active)
    )
