"""What every response gets: security headers, a log line, and error pages
(HTML for the site, JSON under /api/) that never show a stack trace."""

import logging
import sys
import time

from flask import g, jsonify, render_template, request, send_file
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("assembly.request")

# Scripts only from our own origin: no inline scripts, no CDN.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

ERROR_MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Check the form and try again."),
    ),
    401: (_l("Sign in required"), _l("Please sign in to continue.")),
    403: (_l("Not allowed"), _l("Your account does not give access to this page.")),
    404: (_l("Not found"), _l("There is nothing at this address.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (
        _l("File too large"),
        _l("The upload is larger than the site accepts. Send a smaller file."),
    ),
    422: (_l("Invalid data"), _l("Some of the data sent is not valid.")),
    429: (
        _l("Too many attempts"),
        _l("Too many requests in a short time. Wait a minute, then try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. It has been logged; try again."),
    ),
    503: (_l("Unavailable"), _l("The service is temporarily unavailable. Try again shortly.")),
}
EXPIRED_FORM = (
    _l("Page expired"),
    _l(
        "This page was opened in a session that has ended (signed out, or the browser "
        "was closed). Go back, reload the page, sign in again if asked, and send it again."
    ),
)


def private_file(path, mimetype: str, cache: str = "private, no-store", **options):
    """Send a file with personal data (photo, badge, letter): never kept by a shared cache.

    `cache` may allow the viewer's own browser a short reuse (the door's photos).
    """
    response = send_file(path, mimetype=mimetype, max_age=0, **options)
    response.headers["Cache-Control"] = cache
    return response


def wants_json() -> bool:
    """Tell whether this request is for the JSON API."""
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, **extra):
    """Return the API's error body `{"error": {"code", "message", ...}}` with `status`."""
    body = {"error": {"code": code, "message": message, **extra}}
    return jsonify(body), status


def _error_code_name(status: int) -> str:
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "payload_too_large",
        422: "invalid",
        429: "rate_limited",
        500: "internal_error",
        503: "unavailable",
    }.get(status, "error")


def handle_http_error(exc: HTTPException):
    """Render an HTTP error as the site's page, or as JSON under /api/."""
    status = exc.code or 500
    return _error_response(exc, *ERROR_MESSAGES.get(status, (exc.name, exc.description or "")))


def handle_csrf_error(exc: CSRFError):
    """Say that a form's session ended, rather than "bad request"."""
    return _error_response(exc, *EXPIRED_FORM)


def _error_response(exc: HTTPException, title, message):
    status = exc.code or 500
    # The exception's own headers (Allow on a 405, Retry-After), not its content type.
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    if wants_json():
        with force_locale("en"):  # the API speaks English to machines
            body, _ = json_error(status, _error_code_name(status), str(message))
        return body, status, headers
    page = render_template(
        "errors/error.html", status=status, title=str(title), message=str(message)
    )
    return page, status, headers


def handle_unexpected(exc: Exception):
    """Log an unexpected exception and answer 500 without details."""
    log.exception("unhandled error on %s %s", request.method, request.path)
    # A failed flush leaves the session unusable, and the error page reads the
    # database (navigation, the signed-in user): start a clean transaction first.
    from assembly.extensions import db

    db.session.rollback()
    return handle_http_error(InternalServerError())


def init_app(app) -> None:
    """Install headers, request logging and error handlers on `app`."""
    _configure_logging(app)

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def finish(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, duration)
        return response

    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)


def _configure_logging(app) -> None:
    logger = logging.getLogger("assembly")
    if not any(getattr(h, "_assembly", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler._assembly = True
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
