"""A registration's page for accreditation officers (/admin/registrations/<id>): every
field, passport data included, the photo and badge, the delegation's credentials
letter, the audit history, and the transitions the officer may make.
"""

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from assembly.accounts.models import User
from assembly.core.audit import AuditLog
from assembly.core.security import OFFICER, require_role
from assembly.countries.models import Delegation
from assembly.extensions import db
from assembly.registration import credentials, workflow
from assembly.registration.models import APPROVED, Participant
from assembly.registration.privacy import can_see_personal_data
from assembly.registration.staff_forms import TransitionForm
from assembly.registration.views import bp
from assembly.registration.views.actions import transition_from_form


def _load(participant_id: int) -> Participant:
    participant = db.session.scalars(
        select(Participant)
        .options(
            joinedload(Participant.category),
            joinedload(Participant.event),
            joinedload(Participant.delegation).joinedload(Delegation.country),
        )
        .where(Participant.id == participant_id)
    ).first()
    if participant is None:
        abort(404)
    return participant


def history(participant_id: int) -> list[dict]:
    """Return the audit entries of a registration, oldest first, with who acted."""
    rows = db.session.execute(
        select(AuditLog, User.email)
        .outerjoin(User, AuditLog.actor_id == User.id)
        .where(AuditLog.participant_id == participant_id)
        .order_by(AuditLog.at, AuditLog.id)
    ).all()
    return [
        {
            "at": entry.at,
            "action": entry.action,
            "who": email or entry.actor_label,
            "before": entry.before or {},
            "after": entry.after or {},
            "reason": entry.reason,
        }
        for entry, email in rows
    ]


def details(p: Participant, viewer) -> dict:
    """Return what the officer page shows of a registration (plain data)."""
    delegation = p.delegation
    data = {
        "id": p.id,
        "full_name": p.full_name,
        "printed_name": p.printed_name,
        "native_name": p.native_name,
        "delegation": delegation.country.name if delegation else p.organization_name,
        "iso3": delegation.country.iso3 if delegation else "",
        "delegation_id": delegation.id if delegation else None,
        "category": p.category.name,
        "category_color": p.category.color,
        "state": p.state,
        "state_label": workflow.STATE_LABELS.get(p.state, p.state),
        "is_head": p.is_head,
        "reason": p.decision_reason,
        "email": p.email,
        "phone": p.phone,
        "nationality": p.nationality,
        "position": p.position,
        "organization": p.organization,
        "arrival_date": p.arrival_date,
        "departure_date": p.departure_date,
        "language": p.language,
        "dietary": p.dietary,
        "accessibility": p.accessibility,
        "list_consent": p.list_consent,
        "consent_at": p.event.to_local(p.consent_at) if p.consent_at else None,
        "submitted_at": p.event.to_local(p.submitted_at) if p.submitted_at else None,
        "approved_at": p.event.to_local(p.approved_at) if p.approved_at else None,
        "badge_changed_at": p.event.to_local(p.badge_changed_at) if p.badge_changed_at else None,
        "has_photo": bool(p.photo),
        "personal": can_see_personal_data(viewer),
    }
    if data["personal"]:
        data.update(
            passport_number=p.passport_number,
            passport_expiry=p.passport_expiry,
            date_of_birth=p.date_of_birth,
        )
    return data


@bp.get("/admin/registrations/<int:participant_id>")
@require_role(OFFICER)
def officer_view(participant_id: int):
    """Show a registration to an officer, with the actions they may take."""
    p = _load(participant_id)
    viewer = current_user._get_current_object()
    views = current_app.view_functions
    has_credentials = p.delegation is not None and credentials.credentials_path(p.delegation)
    return render_template(
        "registration/officers/view.html",
        p=details(p, viewer),
        targets=[t for t in workflow.allowed_targets(p, viewer) if t != "confirmed"],
        form=TransitionForm(),
        history=[
            {**entry, "at": p.event.to_local(entry["at"])} for entry in history(participant_id)
        ],
        has_credentials=bool(has_credentials),
        photo_url=(
            url_for("registration.participant_photo", participant_id=p.id)
            if p.photo and "registration.participant_photo" in views
            else None
        ),
        badge_url=(
            url_for("badges.preview", participant_id=p.id) if "badges.preview" in views else None
        ),
        visa_letter_url=(
            url_for("registration.officer_visa_letter", participant_id=p.id)
            if p.state == APPROVED
            else None
        ),
        list_url=url_for("dashboard.registrations") if "dashboard.registrations" in views else None,
    )


@bp.post("/admin/registrations/<int:participant_id>/transition")
@require_role(OFFICER)
def officer_transition(participant_id: int):
    """Approve, reject or revoke a registration; refusals come back as a message."""
    transition_from_form(_load(participant_id))
    return redirect(url_for("registration.officer_view", participant_id=participant_id))
