"""Site-wide pages: home, health check, language switch."""

from flask import (
    Blueprint,
    abort,
    current_app,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from assembly.core.event import current_event
from assembly.core.security import ADMIN, CHECKIN, FOCAL_POINT, OFFICER
from assembly.extensions import db

bp = Blueprint("site", __name__)


@bp.get("/")
def index():
    """Show the event's home page."""
    return render_template("site/index.html", event=current_event())


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database (and Redis, when configured) answers, else 503."""
    checks = {"database": _check_database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check_redis(current_app.config["REDIS_URL"])
    healthy = all(v == "ok" for v in checks.values())
    body = {"status": "ok" if healthy else "down", **checks}
    return jsonify(body), 200 if healthy else 503


def _check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except SQLAlchemyError:
        db.session.rollback()
        return "down"


def _check_redis(url: str) -> str:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        return "down"


@bp.post("/lang")
def set_language():
    """Remember the visitor's language and go back where they were."""
    code = request.form.get("lang", "")
    if code not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = code
    target = request.form.get("next") or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)


ANONYMOUS = "anonymous"
# (path, label, who sees it: None for everyone, else roles; ANONYMOUS for
# signed-out visitors). Countries, import, staff and the audit log are tabs
# of the dashboard, which keeps this bar short enough for a laptop screen.
NAVIGATION = [
    ("/agenda", _l("Agenda"), None),
    ("/register", _l("Register"), {ANONYMOUS}),
    ("/delegation", _l("My delegation"), {FOCAL_POINT}),
    ("/admin", _l("Dashboard"), {OFFICER, ADMIN}),
    ("/admin/registrations", _l("Registrations"), {OFFICER, ADMIN}),
    ("/admin/agenda", _l("Agenda editor"), {ADMIN}),
    ("/admin/badges", _l("Badges"), {OFFICER, ADMIN}),
    ("/checkin", _l("Check-in"), {CHECKIN, ADMIN}),
]


def nav_items(role: str | None) -> list[dict]:
    """Return the navigation entries `role` (None: signed out) may use, for the layout."""
    return [
        {"path": path, "label": label}
        for path, label, roles in NAVIGATION
        if roles is None or (role or ANONYMOUS) in roles
    ]


@bp.app_context_processor
def navigation():
    """Give the layout the signed-in user's role and the navigation."""
    signed_in = has_request_context() and current_user.is_authenticated
    role = current_user.role if signed_in else None
    return {"nav_role": role, "nav_items": nav_items}
