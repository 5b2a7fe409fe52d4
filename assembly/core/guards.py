"""Requests refused before any view runs: a Host header outside TRUSTED_HOSTS, and
text no database column can hold (NUL, lone surrogates) in the path, query, form or JSON.

PostgreSQL refuses NUL in text, so such a value reaching a query was a 500 whose
logged traceback could carry the other values of the statement. Views that check
each field themselves and say what is wrong beside it (the registration form and
API) mark themselves with `checks_own_text`; their query strings are still guarded.
"""

import re

from flask import abort, current_app, request
from werkzeug.exceptions import SecurityError

from assembly.core.http import json_error, wants_json

UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")


def refuse_untrusted_host(exc: SecurityError):
    """Answer 400 to a Host outside TRUSTED_HOSTS, without the site's page.

    Flask builds no URL adapter for such a request, so a page using url_for
    would fail and turn the refusal into a 500.
    """
    message = "This site does not answer to that host name."
    if wants_json():
        return json_error(400, "bad_request", message)
    return message, 400, {"Content-Type": "text/plain; charset=utf-8"}


def checks_own_text(view):
    """Mark a view whose form or JSON fields are each checked for control characters."""
    view.checks_own_text = True
    return view


def _unsafe(value) -> bool:
    """Tell whether a string, or any string in a JSON value, holds unsafe text."""
    if isinstance(value, str):
        return UNSAFE_TEXT.search(value) is not None
    if isinstance(value, dict):
        return any(_unsafe(k) or _unsafe(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unsafe(v) for v in value)
    return False


def refuse_unsafe_text() -> None:
    """Answer 400 to a request whose text holds NUL or a lone surrogate."""
    if _unsafe(request.path) or any(
        _unsafe(key) or _unsafe(values) for key, values in request.args.lists()
    ):
        abort(400)
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "checks_own_text", False):
        return
    if request.is_json:
        if _unsafe(request.get_json(silent=True)):
            abort(400)
    elif any(_unsafe(key) or _unsafe(values) for key, values in request.form.lists()):
        abort(400)


def init_app(app) -> None:
    """Install the guards on `app`."""
    app.register_error_handler(SecurityError, refuse_untrusted_host)
    app.before_request(refuse_unsafe_text)
