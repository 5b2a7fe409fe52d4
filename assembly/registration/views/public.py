"""Registration pages: the public form and the delegate's private page."""

from flask import abort

from assembly.registration.views import bp


@bp.get("/my/<token>")
def private_page(token: str):
    """Show a delegate their registration (to be built)."""
    abort(404)
