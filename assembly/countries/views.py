"""Country pages (the organizers' country list lives in the dashboard)."""

from flask import Blueprint

bp = Blueprint("countries", __name__)
