"""Who may move a registration where: roles, states and the refusals' messages."""

from functools import wraps

from flask import has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from assembly.core.security import ADMIN, FOCAL_POINT, OFFICER
from assembly.registration.models import (
    APPROVED,
    CONFIRMED,
    OPEN_STATES,
    REJECTED,
    REVOKED,
    SUBMITTED,
    WITHDRAWN,
    Participant,
)
from assembly.registration.workflow.errors import InvalidTransition, NotAllowed, WorkflowError

DELEGATE = "delegate"
SYSTEM_LABELS = ("system", "cli")
# States that take a seat in the delegation's quota.
SEATED = (CONFIRMED, APPROVED)
CLOSED = (REJECTED, WITHDRAWN, REVOKED)
# The fields printed on a badge (given/family names only when no badge name is set).
BADGE_FIELDS = {"badge_name", "native_name", "photo", "category", "delegation"}
NAME_FIELDS = {"given_name", "family_name", "title"}
# Changing these invalidates the focal point's confirmation too.
SEAT_FIELDS = {"category", "delegation"}
STATE_LABELS = {
    SUBMITTED: _l("submitted"),
    CONFIRMED: _l("confirmed"),
    APPROVED: _l("approved"),
    REJECTED: _l("rejected"),
    WITHDRAWN: _l("withdrawn"),
    REVOKED: _l("revoked"),
}
MAILS = {
    CONFIRMED: "registration_confirmed",
    APPROVED: "registration_approved",
    REJECTED: "registration_rejected",
    REVOKED: "registration_revoked",
    WITHDRAWN: "registration_withdrawn",
}


def role_of(actor, actor_label: str) -> str:
    if actor is None:
        return "system" if actor_label in SYSTEM_LABELS else DELEGATE
    return getattr(actor, "role", "") if getattr(actor, "active", True) else ""


def own_country(participant: Participant, actor) -> bool:
    delegation = participant.delegation
    return (
        delegation is not None
        and getattr(actor, "country_id", None) is not None
        and delegation.country_id == actor.country_id
    )


def needs_confirmation(participant: Participant) -> bool:
    """Tell whether the registration waits for its focal point's confirmation."""
    # Organizations' observers have no focal point to confirm them.
    return participant.category.needs_confirmation and participant.delegation_id is not None


def may_act(participant: Participant, to: str, actor, actor_label: str) -> bool:
    role = role_of(actor, actor_label)
    if role in (ADMIN, "system"):
        return True
    if role == FOCAL_POINT:
        return to in (CONFIRMED, REJECTED, WITHDRAWN) and own_country(participant, actor)
    if role == OFFICER:
        return to in (APPROVED, REJECTED, REVOKED)
    if role == DELEGATE:
        return to == WITHDRAWN
    return False


# The states a registration may enter, from the states it may leave.
ENTERED_FROM = {
    CONFIRMED: (SUBMITTED,),
    APPROVED: (SUBMITTED, CONFIRMED),
    REJECTED: (SUBMITTED, CONFIRMED),
    REVOKED: OPEN_STATES,  # an officer may revoke before approval too (e.g. an impostor)
    WITHDRAWN: OPEN_STATES,
}


def refusal(participant: Participant, to: str, actor, actor_label: str) -> WorkflowError | None:
    """Return why `actor` may not move `participant` to `to`, or None when it may."""
    allowed = ENTERED_FROM.get(to)
    if allowed is None:
        # Not a move anyone may make (back to "submitted", a made-up state): invalid for
        # every role, not a question of who asks.
        return InvalidTransition(
            _("No registration can become %(state)s.", state=STATE_LABELS.get(to, to))
        )
    if not may_act(participant, to, actor, actor_label):
        messages = {
            CONFIRMED: _("Only the country's focal point can confirm this registration."),
            APPROVED: _("Only accreditation officers can approve registrations."),
            REJECTED: _("Only accreditation officers or the country's focal point can decline."),
            REVOKED: _("Only accreditation officers can revoke an accreditation."),
            WITHDRAWN: _("Only the delegate or the country's focal point can withdraw it."),
        }
        return NotAllowed(messages[to])
    state = participant.state
    if to == CONFIRMED and state == SUBMITTED and not needs_confirmation(participant):
        return InvalidTransition(
            _("This category needs no confirmation: an officer approves it directly.")
        )
    if to == APPROVED and state == SUBMITTED and needs_confirmation(participant):
        return InvalidTransition(
            _("This registration waits for the confirmation of its country's focal point.")
        )
    if state not in allowed:
        return InvalidTransition(
            _(
                "A registration that is %(state)s cannot become %(target)s.",
                state=STATE_LABELS.get(state, state),
                target=STATE_LABELS.get(to, to),
            )
        )
    return None


def can_transition(participant: Participant, to: str, actor=None, *, actor_label: str = "") -> bool:
    """Tell whether `actor` may move `participant` to `to` now (quota aside)."""
    return refusal(participant, to, actor, actor_label) is None


def allowed_targets(participant: Participant, actor=None, *, actor_label: str = "") -> list[str]:
    """Return the states `actor` may move `participant` to, in workflow order."""
    targets = (CONFIRMED, APPROVED, REJECTED, REVOKED, WITHDRAWN)
    return [t for t in targets if can_transition(participant, t, actor, actor_label=actor_label)]


def audit_actor(actor, actor_label: str) -> dict:
    if actor is not None:
        return {"actor": actor, "actor_label": actor_label}
    if actor_label in SYSTEM_LABELS:
        return {"actor": None, "actor_label": actor_label}
    if has_request_context() and current_user.is_authenticated:
        return {"actor": current_user, "actor_label": ""}
    return {"actor": None, "actor_label": actor_label or DELEGATE}


def english_outside_requests(func):
    """Make `func`'s messages English when it runs outside a request (CLI, background jobs)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        if has_request_context():
            return func(*args, **kwargs)
        with force_locale("en"):
            return func(*args, **kwargs)

    return wrapper
