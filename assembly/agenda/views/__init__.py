"""Pages of the agenda area: the public agenda, the personal agenda, the organizers' editor."""

from flask import Blueprint

bp = Blueprint("agenda", __name__)

from assembly.agenda.views import editor, personal, public  # noqa: E402,F401  (register routes)
