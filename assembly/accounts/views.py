"""Sign in, sign out and password reset for staff."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from assembly.accounts import services
from assembly.accounts.forms import ForgotPasswordForm, LoginForm, ResetPasswordForm
from assembly.core.mail import queue_mail
from assembly.core.security import TokenError
from assembly.core.urls import public_url
from assembly.extensions import db, limiter

bp = Blueprint("accounts", __name__)


def _login_rate():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("site.index")


def _failed(response) -> bool:
    # A signed-in user is redirected; only failed tries count, so that a venue's
    # staff behind one address can all sign in at the start of the day.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"], deduct_when=_failed)  # per client address
@limiter.limit(_login_rate, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def login():
    """Sign a member of staff in."""
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong email or password."), "danger")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("site.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
def forgot_password():
    """Mail a reset link; say the same thing whether the address is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None and user.active:
            # On the public address, never the request's Host: the link is a secret.
            link = public_url("accounts.reset_password", token=services.make_reset_token(user))
            queue_mail(
                user.email,
                _("Reset your Assembly password"),
                "password_reset",
                user=user,
                link=link,
            )
            db.session.commit()
        flash(_("If that address belongs to an account, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from a mailed link (valid once, for an hour)."""
    try:
        user = services.user_from_reset_token(token)
    except TokenError as exc:
        flash(_("%(reason)s Ask for a new link.", reason=str(exc)), "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. Sign in with it."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)
