"""Registrations in the API: submit (public or staff), list, read, move through the workflow.

The public may submit without a token and always gets 202 `{"status":
"received"}`, whether the address was new or already registered, so the API
reveals no one's attendance. Staff tokens (a focal point for its own country,
officers and admins for any) get 201 with the id, or 409 for a known address.
"""

import base64
import binascii

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from assembly.api import bp
from assembly.api.auth import current_api_user, token_required
from assembly.api.errors import APIError, validation_error
from assembly.api.paging import paginate
from assembly.api.registrations.spec import FIELDS, PATHS  # noqa: F401  (PATHS: openapi.py)
from assembly.core.event import current_event
from assembly.core.guards import checks_own_text
from assembly.core.security import FOCAL_POINT, OFFICER, has_role
from assembly.countries.models import Country, Delegation
from assembly.extensions import db, limiter
from assembly.registration import photos, services, workflow
from assembly.registration.models import STATES, Participant
from assembly.registration.privacy import can_see_personal_data

PERSONAL = ("date_of_birth", "passport_number", "passport_expiry")
BOOLEAN_FIELDS = ("consent", "list_consent")


def _register_rate() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _has_token() -> bool:
    # Staff with a token are not limited per address (a national system sends many).
    return bool(request.headers.get("Authorization"))


def _event():
    event = current_event()
    if event is None:
        raise APIError(404, "not_found", "No event has been set up yet.")
    return event


def _read_body(staff: bool) -> tuple[dict, bytes | None, dict]:
    """Return the submitted fields, the photo's bytes and the errors of their JSON types.

    A field of the wrong type is left out of the fields, and its error is
    reported with the others (a client sees every error at once).
    """
    if request.mimetype != "application/json":
        fields = {name: request.form[name] for name in FIELDS if name in request.form}
        upload = request.files.get("photo")
        data = upload.read(photos.MAX_BYTES + 1) if upload and upload.filename else None
        return fields, data, {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise APIError(400, "bad_request", "The body must be a JSON object.")
    errors = {}
    for name in FIELDS:
        value = body.get(name)
        if value is None:  # null: as if left out
            continue
        if name in BOOLEAN_FIELDS:
            # (Staff's consent is ignored whatever it is: the delegate gives their own.)
            if not isinstance(value, bool) and not staff:
                errors[name] = ["must be true or false"]
        elif not isinstance(value, str):
            # Never stored as Python's text of a list or a number ("['a']", "123").
            errors[name] = ["must be a string"]
    fields = {name: body[name] for name in FIELDS if name in body and name not in errors}
    data = None
    photo = body.get("photo")
    if photo not in (None, ""):
        if not isinstance(photo, str):
            errors["photo"] = ["must be a base64 string"]
        else:
            if photo.startswith("data:"):
                photo = photo.partition(",")[2]
            try:
                data = base64.b64decode(photo, validate=True)
            except (binascii.Error, ValueError):
                errors["photo"] = ["is not valid base64"]
    return fields, data, errors


def _visible(participant: Participant | None, user) -> Participant:
    """Return `participant` if `user` may see it; 404 otherwise (as if it did not exist)."""
    if participant is None or (
        user.role == FOCAL_POINT
        and (participant.delegation is None or participant.delegation.country_id != user.country_id)
    ):
        raise APIError(404, "not_found", "There is no registration with this id.")
    return participant


def participant_json(p: Participant, personal: bool) -> dict:
    """Return a registration as the API shows it (personal data only when `personal`)."""
    body = {
        "id": p.id,
        "state": p.state,
        "country": p.delegation.country.iso3 if p.delegation else None,
        "organization_name": p.organization_name,
        "category": p.category.name,
        "is_head": p.is_head,
        "title": p.title,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "badge_name": p.badge_name,
        "native_name": p.native_name,
        "nationality": p.nationality,
        "position": p.position,
        "organization": p.organization,
        "email": p.email,
        "phone": p.phone,
        "arrival_date": p.arrival_date.isoformat() if p.arrival_date else None,
        "departure_date": p.departure_date.isoformat() if p.departure_date else None,
        "language": p.language,
        "dietary": p.dietary,
        "accessibility": p.accessibility,
        "consent": p.consent_at is not None,
        "list_consent": p.list_consent,
        "has_photo": bool(p.photo),
        "decision_reason": p.decision_reason,
        "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None,
        "approved_at": p.approved_at.isoformat() if p.approved_at else None,
    }
    if personal:
        body["date_of_birth"] = p.date_of_birth.isoformat() if p.date_of_birth else None
        body["passport_number"] = p.passport_number
        body["passport_expiry"] = p.passport_expiry.isoformat() if p.passport_expiry else None
    return body


@bp.post("/v1/registrations")
@checks_own_text  # a 422 naming the field, like any other bad value
@limiter.limit(_register_rate, exempt_when=_has_token)  # per client address
def create_registration():
    """Submit a registration: 202 for the public, 201/409 for staff."""
    user = current_api_user()
    if user is not None and not has_role(user, FOCAL_POINT, OFFICER):
        raise APIError(403, "forbidden", "Your role may not register participants.")
    event = _event()
    window = event.registration_state()
    if user is None and window != "open":
        raise APIError(403, "registration_closed", services.window_message(event, window))
    fields, photo, errors = _read_body(staff=user is not None)
    # Every field is checked (a focal point's country first of all) before the address
    # is looked up: a 409 must not tell a focal point about another country's delegate.
    try:
        participant, created = services.register(
            event, fields, photo, actor=user, field_errors=errors
        )
    except services.RegistrationInvalid as exc:
        db.session.rollback()
        raise validation_error(exc.errors) from None
    except services.RegistrationClosed as exc:
        raise APIError(403, "registration_closed", str(exc)) from None
    if user is not None and not created:
        db.session.rollback()  # staff get the 409; the delegate is not mailed again
        raise APIError(409, "already_registered", _registered_message())
    db.session.commit()
    if user is None:
        return jsonify({"status": "received"}), 202
    return jsonify({"id": participant.id, "state": participant.state}), 201


def _registered_message() -> str:
    # The same words whichever delegation has the address: one registration per address.
    return _("This email address already has a registration in this event.")


@bp.get("/v1/registrations")
@token_required(FOCAL_POINT, OFFICER)
def list_registrations():
    """List registrations; a focal point sees its own country's only."""
    user = current_api_user()
    event = _event()
    stmt = (
        select(Participant)
        .options(
            joinedload(Participant.delegation).joinedload(Delegation.country),
            joinedload(Participant.category),
        )
        .where(Participant.event_id == event.id)
        .order_by(Participant.id)
    )
    errors = {}
    country = (request.args.get("country") or "").strip().upper()
    if user.role == FOCAL_POINT:
        own = user.country.iso3
        if country and country != own:
            raise APIError(403, "forbidden", f"You may list only your own country's ({own}).")
        country = own
    if country:
        stmt = (
            stmt.join(Participant.delegation)
            .join(Delegation.country)
            .where(Country.iso3 == country)
        )
    state = request.args.get("state")
    if state:
        if state not in STATES:
            errors["state"] = f"must be one of: {', '.join(STATES)}"
        stmt = stmt.where(Participant.state == state)
    if errors:
        raise validation_error(errors)
    personal = can_see_personal_data(user)
    return jsonify(paginate(stmt, lambda p: participant_json(p, personal)))


def _load(participant_id: int) -> Participant | None:
    return db.session.scalars(
        select(Participant)
        .options(
            joinedload(Participant.delegation).joinedload(Delegation.country),
            joinedload(Participant.category),
        )
        .where(Participant.id == participant_id)
    ).first()


@bp.get("/v1/registrations/<int:participant_id>")
@token_required(FOCAL_POINT, OFFICER)
def get_registration(participant_id: int):
    """Read one registration (404 for another country's focal point)."""
    user = current_api_user()
    participant = _visible(_load(participant_id), user)
    return jsonify(participant_json(participant, can_see_personal_data(user)))


@bp.post("/v1/registrations/<int:participant_id>/transitions")
@token_required(FOCAL_POINT, OFFICER)
def transition_registration(participant_id: int):
    """Move a registration to another state: 200, 409 when refused, 403 for the role."""
    user = current_api_user()
    participant = _visible(_load(participant_id), user)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise APIError(400, "bad_request", "The body must be a JSON object.")
    to, reason = body.get("to"), body.get("reason") or ""
    errors = {}
    if to not in STATES:
        errors["to"] = f"must be one of: {', '.join(STATES)}"
    if not isinstance(reason, str):
        errors["reason"] = "must be a string"
    if errors:
        raise validation_error(errors)
    try:
        workflow.transition(participant, to, actor=user, reason=reason)
    except workflow.NotAllowed as exc:
        db.session.rollback()
        raise APIError(403, "not_allowed", str(exc)) from None
    except workflow.QuotaExceeded as exc:
        db.session.rollback()
        raise APIError(409, "quota_exceeded", str(exc)) from None
    except workflow.InvalidTransition as exc:
        db.session.rollback()
        raise APIError(409, "invalid_transition", str(exc)) from None
    except workflow.WorkflowError as exc:
        db.session.rollback()
        raise APIError(409, "refused", str(exc)) from None
    db.session.commit()
    return jsonify({"id": participant.id, "state": participant.state})
