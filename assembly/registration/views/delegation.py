"""The country focal point's portal (/delegation): its own country's registrations only.

Every URL naming a participant looks it up within the focal point's delegation,
so another country's participant id answers 404, whatever the action. Passport
numbers and dates of birth are typed here when registering someone, never shown.
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from assembly.core.event import current_event
from assembly.core.guards import checks_own_text
from assembly.core.http import private_file
from assembly.core.security import ADMIN, FOCAL_POINT, OFFICER, require_role
from assembly.countries.models import Country, Delegation
from assembly.extensions import db
from assembly.registration import credentials, services, workflow
from assembly.registration.models import Category, Participant
from assembly.registration.staff_forms import (
    CredentialsForm,
    DelegateForm,
    HeadForm,
    TransitionForm,
)
from assembly.registration.views import bp
from assembly.registration.views.actions import transition_from_form
from assembly.registration.views.photo_field import photo_from_form, photo_preview
from assembly.registration.workflow.rules import CLOSED, SEATED


def _delegation() -> Delegation:
    """Return the delegation the signed-in user speaks for (admins: ?country=ISO3), or 404."""
    event = current_event()
    if event is None:
        abort(404)
    stmt = (
        select(Delegation)
        .join(Country)
        .options(joinedload(Delegation.country))
        .where(Delegation.event_id == event.id)
    )
    if current_user.role == ADMIN:
        iso3 = request.args.get("country", "").upper()
        if not iso3 and "dashboard.countries" in current_app.view_functions:
            # An admin speaks for no country: pick one from the countries list.
            flash(_("Choose a country; its page links to the delegation's portal."), "info")
            abort(redirect(url_for("dashboard.countries")))
        stmt = stmt.where(Country.iso3 == iso3)
    else:
        stmt = stmt.where(Delegation.country_id == current_user.country_id)
    delegation = db.session.scalars(stmt).first()
    if delegation is None:
        abort(404)
    return delegation


def _participant(delegation: Delegation, participant_id: int) -> Participant:
    """Return a participant of `delegation`; 404 for anyone else's."""
    participant = db.session.scalars(
        select(Participant)
        .options(joinedload(Participant.category), joinedload(Participant.delegation))
        .where(Participant.id == participant_id, Participant.delegation_id == delegation.id)
    ).first()
    if participant is None:
        abort(404)
    return participant


def _back(delegation: Delegation):
    args = {"country": delegation.country.iso3} if current_user.role == ADMIN else {}
    return redirect(url_for("registration.delegation", **args))


def quota_summary(delegation: Delegation) -> dict:
    """Return the quota, the seats taken (Heads of Delegation and Delegates) and those left."""
    used = db.session.scalar(
        select(func.count(Participant.id))
        .join(Category)
        .where(
            Participant.delegation_id == delegation.id,
            Participant.state.in_(SEATED),
            Category.counts_toward_quota,
        )
    )
    return {"quota": delegation.quota, "used": used, "left": max(delegation.quota - used, 0)}


def _row(p: Participant, actor) -> dict:
    return {
        "id": p.id,
        "name": p.full_name,
        "printed_name": p.printed_name,
        "native_name": p.native_name,
        "category": p.category.name,
        "position": p.position,
        "state": p.state,
        "state_label": workflow.STATE_LABELS.get(p.state, p.state),
        "is_head": p.is_head,
        "reason": p.decision_reason,
        "targets": workflow.allowed_targets(p, actor),
        "may_head": p.category.counts_toward_quota and not p.is_head and p.state not in CLOSED,
    }


@bp.get("/delegation")
@require_role(FOCAL_POINT)
def delegation():
    """Show the focal point its delegation: quota, credentials letter, registrations."""
    delegation = _delegation()
    actor = current_user._get_current_object()
    participants = db.session.scalars(
        select(Participant)
        .options(joinedload(Participant.category), joinedload(Participant.delegation))
        .where(Participant.delegation_id == delegation.id)
        .order_by(Participant.is_head.desc(), Participant.family_name, Participant.id)
    ).all()
    return render_template(
        "registration/delegation/index.html",
        delegation=delegation,
        country=delegation.country.localized_name(str(get_locale() or "en")),
        quota=quota_summary(delegation),
        rows=[_row(p, actor) for p in participants],
        has_credentials=credentials.credentials_path(delegation) is not None,
        credentials_form=CredentialsForm(),
        transition_form=TransitionForm(),
        head_form=HeadForm(),
        admin_args={"country": delegation.country.iso3} if current_user.role == ADMIN else {},
    )


@bp.get("/delegation/participants/<int:participant_id>")
@require_role(FOCAL_POINT)
def delegation_participant(participant_id: int):
    """Show one registration of the delegation (no passport data, no date of birth)."""
    delegation = _delegation()
    p = _participant(delegation, participant_id)
    row = _row(p, current_user._get_current_object())
    row.update(
        email=p.email,
        phone=p.phone,
        nationality=p.nationality,
        organization=p.organization,
        arrival_date=p.arrival_date,
        departure_date=p.departure_date,
        language=p.language,
        dietary=p.dietary,
        accessibility=p.accessibility,
        has_photo=bool(p.photo),
    )
    return render_template(
        "registration/delegation/participant.html",
        delegation=delegation,
        p=row,
        transition_form=TransitionForm(),
        head_form=HeadForm(),
        admin_args={"country": delegation.country.iso3} if current_user.role == ADMIN else {},
    )


@bp.post("/delegation/participants/<int:participant_id>/transition")
@require_role(FOCAL_POINT)
def delegation_transition(participant_id: int):
    """Confirm, decline or withdraw one of the delegation's registrations."""
    delegation = _delegation()
    transition_from_form(_participant(delegation, participant_id))
    return _back(delegation)


@bp.post("/delegation/participants/<int:participant_id>/head")
@require_role(FOCAL_POINT)
def delegation_head(participant_id: int):
    """Name one of the delegation's registrations its Head of Delegation."""
    delegation = _delegation()
    p = _participant(delegation, participant_id)
    if not HeadForm().validate():
        abort(400)
    try:
        workflow.set_head_of_delegation(p, actor=current_user._get_current_object())
    except workflow.WorkflowError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _back(delegation)
    db.session.commit()
    flash(_("%(name)s is now the Head of Delegation.", name=p.full_name), "success")
    return _back(delegation)


@bp.post("/delegation/credentials")
@require_role(FOCAL_POINT)
def delegation_credentials_upload():
    """Take the delegation's credentials letter (PDF only)."""
    delegation = _delegation()
    form = CredentialsForm()
    if form.validate():
        data = form.letter.data.read(credentials.MAX_BYTES + 1)
        try:
            credentials.save_credentials(delegation, data, actor=current_user._get_current_object())
        except credentials.CredentialsError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("The credentials letter was uploaded."), "success")
    else:
        for message in form.letter.errors:
            flash(str(message), "danger")
    return _back(delegation)


@bp.get("/delegations/<int:delegation_id>/credentials.pdf")
@require_role(FOCAL_POINT, OFFICER)
def credentials_letter(delegation_id: int):
    """Send a delegation's credentials letter to officers, admins and its own focal point."""
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or (
        current_user.role == FOCAL_POINT and delegation.country_id != current_user.country_id
    ):
        abort(404)
    path = credentials.credentials_path(delegation)
    if path is None:
        abort(404)
    return private_file(path, "application/pdf")


@bp.route("/delegation/register", methods=["GET", "POST"])
@checks_own_text  # services.validate_fields says which field holds a control character
@require_role(FOCAL_POINT)
def delegation_register():
    """Register a delegate of the focal point's country on their behalf."""
    delegation = _delegation()
    event = delegation.event
    lang = str(get_locale() or "en")
    iso3 = delegation.country.iso3
    form = DelegateForm()
    form.set_choices(
        [(iso3, delegation.country.localized_name(lang))],
        [c.name for c in services.categories()],
        lang,
    )
    form.country.choices = [(iso3, delegation.country.localized_name(lang))]
    form.country.data = iso3  # a focal point registers its own country only
    if request.method == "GET":
        start, end = services.default_dates(event)
        form.arrival_date.data = form.arrival_date.data or start.isoformat()
        form.departure_date.data = form.departure_date.data or end.isoformat()
        form.nationality.data = form.nationality.data or iso3
    else:
        shape_ok = form.validate()
        # Kept as a temporary upload, so that the page shown again with an error still has it.
        photo = photo_from_form(form)
        if shape_ok and not form.photo.errors:
            try:
                participant, created = services.register(
                    event, form.to_fields(), photo, actor=current_user._get_current_object()
                )
            except services.RegistrationInvalid as exc:
                for message in form.add_errors(exc.errors):
                    flash(message, "danger")
            else:
                if created:
                    db.session.commit()
                    flash(
                        _(
                            "%(name)s is registered; we mailed them their private link.",
                            name=participant.full_name,
                        ),
                        "success",
                    )
                    return _back(delegation)
                db.session.rollback()
                form.email.errors = list(form.email.errors) + [
                    _("This address already has a registration in this event.")
                ]
    return render_template(
        "registration/delegation/register.html",
        form=form,
        delegation=delegation,
        preview=photo_preview(form),
        admin_args={"country": iso3} if current_user.role == ADMIN else {},
    )
