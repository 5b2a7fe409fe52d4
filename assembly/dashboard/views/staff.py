"""Admins' pages: staff users and their API tokens, the audit log, the event archive."""

import os

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from assembly.accounts.models import ApiToken, User
from assembly.accounts.services import AccountError, create_user
from assembly.core.audit import AuditLog
from assembly.core.http import private_file
from assembly.core.security import ADMIN, FOCAL_POINT, require_role
from assembly.countries.models import Country
from assembly.dashboard import exports, staff
from assembly.dashboard.forms import ActionForm, NewUserForm, UserForm
from assembly.dashboard.views import bp, event_or_404
from assembly.extensions import db
from assembly.registration.models import Participant

AUDIT_PER_PAGE = 50


def _country_choices():
    rows = db.session.execute(select(Country.iso3, Country.name).order_by(Country.name))
    return [("", "—")] + [(iso3, f"{name} ({iso3})") for iso3, name in rows]


@bp.get("/admin/users")
@require_role(ADMIN)
def users():
    """List staff users with their roles and API tokens."""
    return render_template(
        "dashboard/users.html", users=staff.users_with_tokens(), form=ActionForm()
    )


def _country_given(form) -> bool:
    """Tell whether a focal point's form names its country; else say so beside the field."""
    if form.role.data == FOCAL_POINT and not form.country.data:
        form.country.errors.append(_("Choose the country this focal point works for."))
        return False
    return True


@bp.route("/admin/users/new", methods=["GET", "POST"])
@require_role(ADMIN)
def user_new():
    """Create a staff user."""
    form = NewUserForm()
    form.country.choices = _country_choices()
    if form.validate_on_submit() and _country_given(form):
        try:
            user, password = create_user(
                form.email.data,
                form.role.data,
                form.country.data if form.role.data == FOCAL_POINT else None,
                form.password.data or None,
                form.name.data or "",
            )
            user.active = form.active.data
        except AccountError as exc:
            db.session.rollback()
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            message = _("Created %(email)s.", email=user.email)
            if not form.password.data:
                message += " " + _("Password (shown once): %(pw)s", pw=password)
            flash(message, "success")
            return redirect(url_for("dashboard.users"))
    return render_template(
        "dashboard/user_form.html", form=form, user=None
    ), 400 if form.errors else 200


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@require_role(ADMIN)
def user_edit(user_id: int):
    """Edit a user's email, name, role, country or active flag."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user if request.method == "GET" else None)
    form.country.choices = _country_choices()
    if request.method == "GET":
        form.country.data = user.country.iso3 if user.country else ""
    if form.validate_on_submit() and _country_given(form):
        try:
            staff.update_user(
                user,
                email=form.email.data,
                name=form.name.data or "",
                role=form.role.data,
                country_iso3=form.country.data,
                active=form.active.data,
                actor=current_user,
            )
        except AccountError as exc:
            db.session.rollback()
            target = form.role if isinstance(exc, staff.LastAdminError) else form.email
            if "focal point" in str(exc):
                target = form.country
            target.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(email)s.", email=user.email), "success")
            return redirect(url_for("dashboard.users"))
    return render_template(
        "dashboard/user_form.html", form=form, user=user
    ), 400 if form.errors else 200


@bp.post("/admin/users/<int:user_id>/tokens/<int:token_id>/revoke")
@require_role(ADMIN)
def token_revoke(user_id: int, token_id: int):
    """Revoke one API token of a user."""
    form = ActionForm()
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        abort(404)
    if form.validate_on_submit() and staff.revoke_token(token, current_user):
        db.session.commit()
        flash(_("Token %(prefix)s revoked.", prefix=token.prefix), "success")
    return redirect(url_for("dashboard.users"))


@bp.get("/admin/audit")
@require_role(ADMIN)
def audit():
    """Search the audit log by actor, participant and action, newest first."""
    actor = request.args.get("actor", "").strip()
    participant = request.args.get("participant", "").strip()
    action = request.args.get("action", "").strip()
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    stmt = select(AuditLog, User.email).outerjoin(User, User.id == AuditLog.actor_id)
    if actor:
        like = f"%{actor}%"
        stmt = stmt.where(or_(User.email.ilike(like), AuditLog.actor_label.ilike(like)))
    if participant.isdigit():
        stmt = stmt.where(AuditLog.participant_id == int(participant))
    elif participant:
        like = f"%{participant}%"
        matching = select(Participant.id).where(
            or_(
                Participant.email.ilike(like),
                Participant.family_name.ilike(like),
                Participant.given_name.ilike(like),
                Participant.native_name.ilike(like),
            )
        )
        stmt = stmt.where(AuditLog.participant_id.in_(matching))
    if action:
        stmt = stmt.where(AuditLog.action.ilike(f"%{action}%"))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(
        stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(AUDIT_PER_PAGE)
        .offset((page - 1) * AUDIT_PER_PAGE)
    ).all()
    pages = max(1, -(-total // AUDIT_PER_PAGE))
    args = {
        k: v for k, v in {"actor": actor, "participant": participant, "action": action}.items() if v
    }
    return render_template(
        "dashboard/audit.html", rows=rows, total=total, page=page, pages=pages, args=args
    )


@bp.get("/admin/export/archive.zip")
@require_role(ADMIN)
def archive():
    """Download the whole event (a CSV per table and the photos) as a ZIP, for archiving."""
    event = event_or_404()
    path = exports.event_archive()
    # Open, then unlink: the open file is sent and its space freed when closed.
    archive_file = open(path, "rb")  # noqa: SIM115 (closed by the response)
    os.remove(path)
    return private_file(
        archive_file,
        "application/zip",
        as_attachment=True,
        download_name=f"assembly-{event.number}-archive.zip",
    )
