"""Staff management for admins: edit and deactivate users, revoke API tokens.

The last active admin can be neither demoted nor deactivated: the site would
have nobody left to manage it. The active admins' rows are locked while the
rule is checked, so that two admins demoting each other at once cannot both win.
"""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

from assembly.accounts.models import ApiToken, User
from assembly.accounts.services import AccountError, find_user, normalize_email
from assembly.core import audit
from assembly.core.db import lock_rows, utcnow
from assembly.core.security import ADMIN, FOCAL_POINT, ROLES
from assembly.countries.models import Country
from assembly.extensions import db


class LastAdminError(AccountError):
    """The change would leave the site without an active admin."""


def users_with_tokens() -> list[User]:
    """Return every staff user, with their country and API tokens loaded."""
    return list(
        db.session.scalars(
            select(User)
            .options(selectinload(User.tokens), selectinload(User.country))
            .order_by(User.active.desc(), User.role, User.email)
        )
    )


def _other_active_admins(user: User) -> int:
    # Locked before counting (on SQLite too, where only the database's write lock
    # holds the other demotion back until this one commits).
    try:
        ids = lock_rows(User, User.role == ADMIN, User.active)
    except OperationalError as exc:
        raise AccountError(
            _("Another change to the staff is in progress; try again in a moment.")
        ) from exc
    return len([i for i in ids if i != user.id])


def update_user(
    user: User,
    *,
    email: str,
    name: str,
    role: str,
    country_iso3: str | None,
    active: bool,
    actor,
) -> User:
    """Change a user's email, name, role, country and active flag, keeping one admin."""
    if role not in ROLES:
        raise AccountError(_("Unknown role %(role)s.", role=role))
    email = normalize_email(email)
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise AccountError(_("A user with the email %(email)s already exists.", email=email))
    losing_admin = user.role == ADMIN and user.active and (role != ADMIN or not active)
    if losing_admin and _other_active_admins(user) == 0:
        raise LastAdminError(
            _(
                "%(email)s is the last active admin; make another user admin first.",
                email=user.email,
            )
        )
    country = None
    if role == FOCAL_POINT:
        country = db.session.scalars(
            select(Country).where(Country.iso3 == (country_iso3 or "").upper())
        ).first()
        if country is None:
            raise AccountError(_("A focal point needs the country they speak for."))
    before = _snapshot(user)
    user.email, user.name, user.role, user.country, user.active = (
        email,
        name,
        role,
        country,
        active,
    )
    db.session.flush()
    audit.record("user.update", user, before=before, after=_snapshot(user), actor=actor)
    return user


def _snapshot(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "country": user.country.iso3 if user.country else None,
        "active": user.active,
    }


def revoke_token(token: ApiToken, actor) -> bool:
    """Revoke an API token; return False when it already was."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    audit.record(
        "token.revoke", token.user, after={"prefix": token.prefix, "name": token.name}, actor=actor
    )
    return True
