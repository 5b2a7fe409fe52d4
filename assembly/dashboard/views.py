"""Pages of the dashboard area."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
