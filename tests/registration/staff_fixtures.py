"""Fixtures shared by the workflow, portal, officer-page and letter tests (import them)."""

import pytest

from tests import factories


@pytest.fixture
def in_request(app):
    """Run the test inside a request context, as services run in production (gettext, url_for)."""
    with app.test_request_context():
        yield


@pytest.fixture
def staff(event):
    """Staff of every kind: an officer, an admin, check-in, focal points of China and Spain."""
    return {
        "officer": factories.make_user("officer"),
        "admin": factories.make_user("admin"),
        "chn": factories.make_user("focal_point", country="CHN"),
        "esp": factories.make_user("focal_point", country="ESP"),
        "checkin": factories.make_user("checkin"),
    }
