"""Pages of the registration area."""

from flask import Blueprint

bp = Blueprint("registration", __name__)
