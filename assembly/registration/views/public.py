"""Registration pages: the public form and the delegate's private page.

The page after submitting is the same whether the address was new or already
registered: the site never tells a visitor who attends. Photos are served
only through these views, each checking who asks.
"""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from assembly.core.event import current_event
from assembly.core.guards import checks_own_text
from assembly.core.http import private_file
from assembly.core.security import CHECKIN, FOCAL_POINT, OFFICER, TokenError, has_role, require_role
from assembly.countries.models import Country, Delegation
from assembly.extensions import csrf, db, limiter
from assembly.registration import photos, services, workflow
from assembly.registration.forms import (
    ORGANIZATION,
    ConsentForm,
    ParticipantForm,
    RegistrationForm,
    WithdrawForm,
)
from assembly.registration.links import participant_from_token
from assembly.registration.models import APPROVED, OPEN_STATES, REJECTED, Participant
from assembly.registration.views import bp
from assembly.registration.views.photo_field import photo_from_form, photo_preview


def _register_rate() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _staff_actor():
    """Return the signed-in staff member registering someone, None for the public."""
    if current_user.is_authenticated and has_role(current_user, FOCAL_POINT, OFFICER):
        return current_user._get_current_object()
    return None


def _event_or_404():
    event = current_event()
    if event is None:
        abort(404)
    return event


def _fill_choices(form: ParticipantForm, event) -> None:
    lang = str(get_locale() or "en")
    rows = db.session.execute(
        select(Country).join(Delegation).where(Delegation.event_id == event.id)
    ).scalars()
    delegations = sorted(((c.iso3, c.localized_name(lang)) for c in rows), key=lambda r: r[1])
    categories = [c.name for c in services.categories()]
    form.set_choices(delegations, categories, lang)


@bp.route("/register", methods=["GET", "POST"])
@checks_own_text  # services.validate_fields says which field holds a control character
@limiter.limit(_register_rate, methods=["POST"])  # per client address
@csrf.exempt  # the form checks its own token, and shows it again with what was typed
def register():
    """Show the registration form and take a registration."""
    event = _event_or_404()
    actor = _staff_actor()
    window = event.registration_state()
    if actor is None and window != "open":
        status = 403 if request.method == "POST" else 200
        message = services.window_message(event, window)
        return render_template(
            "registration/closed.html", event=event, window=window, message=message
        ), status
    form = RegistrationForm()
    _fill_choices(form, event)
    if request.method == "GET":
        start, end = services.default_dates(event)
        form.arrival_date.data = form.arrival_date.data or start.isoformat()
        form.departure_date.data = form.departure_date.data or end.isoformat()
        form.language.data = str(get_locale() or "en")
    loose: list[str] = []
    if form.is_submitted():
        shape_ok = form.validate()
        if "csrf_token" in form and form["csrf_token"].errors:
            loose.append(_("This form has expired; check it and submit it again."))
        photo = photo_from_form(form)
        fields = form.to_fields()
        if shape_ok and not form.photo.errors:
            try:
                services.register(event, fields, photo, actor=actor)
            except services.RegistrationInvalid as exc:
                loose += form.add_errors(exc.errors)
            except services.RegistrationClosed as exc:
                flash(str(exc), "warning")
            else:
                db.session.commit()
                return redirect(url_for("registration.submitted"))
        else:
            errors = services.validate_fields(event, fields)[1]
            # Every rule's error at once, beside the fields the form's checks left alone.
            loose += form.add_errors(
                {k: v for k, v in errors.items() if not (k in form and form[k].errors)}
            )
    # Temporary uploads and first categories are kept even when the form comes back.
    db.session.commit()
    return render_template(
        "registration/register.html",
        form=form,
        event=event,
        organization=ORGANIZATION,
        preview=photo_preview(form),
        loose_errors=loose,
        staff=actor,
        has_errors=form.is_submitted() and (loose or any(f.errors for f in form)),
    )


@bp.get("/register/submitted")
def submitted():
    """Thank the visitor; the same words whether the address was new or known."""
    return render_template("registration/submitted.html", event=current_event())


@bp.get("/register/photo/<token>")
def temp_photo(token: str):
    """Serve a form's temporary upload to whoever holds its signed token."""
    path = photos.temp_photo_path(token)
    if path is None:
        abort(404)
    return private_file(path, "image/jpeg")


def _participant_or_invalid(token: str):
    """Return the participant of a private link, or the page saying the link is not valid."""
    try:
        return participant_from_token(token), None
    except TokenError as exc:
        page = render_template("registration/invalid_link.html", message=_(str(exc)))
        return None, (page, 404)


def _links(participant: Participant, token: str) -> dict:
    """Return the optional links of the private page whose pages exist."""
    views = current_app.view_functions
    links = {}
    if participant.state == APPROVED and "registration.visa_letter" in views:
        links["visa_letter"] = url_for("registration.visa_letter", token=token)
    if participant.state in OPEN_STATES and "agenda.personal_agenda" in views:
        links["agenda"] = url_for("agenda.personal_agenda", token=token)
    return links


def _summary(p: Participant) -> dict:
    """Return what the private page shows of a registration (plain data)."""
    return {
        "full_name": p.full_name,
        "printed_name": p.printed_name,
        "native_name": p.native_name,
        "delegation": p.delegation.country.name if p.delegation else p.organization_name,
        "category": p.category.name,
        "state": p.state,
        "state_label": workflow.STATE_LABELS.get(p.state, p.state),
        "reason": p.decision_reason if p.state in (REJECTED, "revoked") else "",
        "email": p.email,
        "phone": p.phone,
        "nationality": p.nationality,
        "position": p.position,
        "organization": p.organization,
        # The delegate's own data; still only its end is shown on screen.
        "passport": ("•••" + p.passport_number[-4:]) if p.passport_number else "",
        "passport_expiry": p.passport_expiry,
        "arrival_date": p.arrival_date,
        "departure_date": p.departure_date,
        "language": p.language,
        "has_photo": bool(p.photo),
        "editable": p.state in OPEN_STATES,
        "withdrawable": p.state in OPEN_STATES,
        "needs_consent": p.consent_at is None and p.state in OPEN_STATES,
    }


@bp.get("/my/<token>")
def private_page(token: str):
    """Show a delegate their registration, with what they can do next."""
    participant, invalid = _participant_or_invalid(token)
    if invalid:
        return invalid
    response = make_response(
        render_template(
            "registration/private.html",
            token=token,
            p=_summary(participant),
            event=participant.event,
            links=_links(participant, token),
            withdraw_form=WithdrawForm(),
            consent_form=ConsentForm(),
        )
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/my/<token>/edit", methods=["GET", "POST"])
@checks_own_text
@limiter.limit(_register_rate, methods=["POST"])
@csrf.exempt  # (as /register: an expired token loses nothing typed)
def private_edit(token: str):
    """Let a delegate change their registration."""
    participant, invalid = _participant_or_invalid(token)
    if invalid:
        return invalid
    if participant.state not in OPEN_STATES:
        flash(_("This registration can no longer be changed."), "warning")
        return redirect(url_for("registration.private_page", token=token))
    data = services.participant_fields(participant)
    if not data["country"]:
        data["country"] = ORGANIZATION
    form = ParticipantForm(data=data)
    _fill_choices(form, participant.event)
    loose: list[str] = []
    if form.is_submitted():
        shape_ok = form.validate()
        if "csrf_token" in form and form["csrf_token"].errors:
            loose.append(_("This form has expired; check it and submit it again."))
        photo = photo_from_form(form)
        if shape_ok and not form.photo.errors:
            was = participant.state
            try:
                services.update_registration(participant, form.to_fields(), photo)
            except services.RegistrationInvalid as exc:
                db.session.rollback()
                loose += form.add_errors(exc.errors)
            else:
                db.session.commit()
                if was == APPROVED and participant.state != APPROVED:
                    flash(_("Your changes are saved; your badge goes back for approval."), "info")
                else:
                    flash(_("Your changes are saved."), "success")
                return redirect(url_for("registration.private_page", token=token))
    db.session.commit()
    saved = url_for("registration.private_photo", token=token) if participant.photo else None
    return render_template(
        "registration/edit.html",
        form=form,
        token=token,
        event=participant.event,
        organization=ORGANIZATION,
        preview=photo_preview(form, saved),
        loose_errors=loose,
    )


@bp.post("/my/<token>/consent")
def consent(token: str):
    """Record the delegate's consent to a registration staff made for them."""
    participant, invalid = _participant_or_invalid(token)
    if invalid:
        return invalid
    if ConsentForm().validate_on_submit():
        services.give_consent(participant)
        db.session.commit()
        flash(_("Thank you: your consent is recorded."), "success")
    else:
        flash(_("Tick the box to give your consent."), "warning")
    return redirect(url_for("registration.private_page", token=token))


@bp.post("/my/<token>/withdraw")
def withdraw(token: str):
    """Withdraw a registration at the delegate's request."""
    participant, invalid = _participant_or_invalid(token)
    if invalid:
        return invalid
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm that you withdraw."), "warning")
        return redirect(url_for("registration.private_page", token=token))
    try:
        workflow.transition(participant, "withdrawn", actor_label="delegate")
    except workflow.WorkflowError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Your registration is withdrawn."), "info")
    return redirect(url_for("registration.private_page", token=token))


@bp.get("/my/<token>/photo")
def private_photo(token: str):
    """Serve the delegate's own photo."""
    participant, invalid = _participant_or_invalid(token)
    if invalid:
        abort(404)
    path = photos.photo_path(participant)
    if path is None:
        abort(404)
    return private_file(path, "image/jpeg")


@bp.get("/registrations/<int:participant_id>/photo")
@require_role(FOCAL_POINT, OFFICER, CHECKIN)
def participant_photo(participant_id: int):
    """Serve a participant's photo to staff; a focal point sees only its own country's."""
    participant = db.session.scalars(
        select(Participant)
        .options(joinedload(Participant.delegation))
        .where(Participant.id == participant_id)
    ).first()
    if participant is None:
        abort(404)
    if current_user.role == FOCAL_POINT and (
        participant.delegation is None
        or participant.delegation.country_id != current_user.country_id
    ):
        abort(404)
    path = photos.photo_path(participant)
    if path is None:
        abort(404)
    return private_file(path, "image/jpeg")
