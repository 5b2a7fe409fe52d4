"""Every staff page and staff API route refuses anonymous users and wrong roles.

The routes are found from the app's URL map (views decorated with
`require_role` or `token_required`), so new views are covered as they come; a
view that is neither must be one of the public pages listed here, so that a new
staff view that forgets its decorator fails the suite instead of escaping it.
"""

import re

import pytest

from assembly.core.security import ROLES
from tests import factories

# Open to anyone: the public site, the delegate's private link (its token is the
# key), sign-in and password reset, and the public API.
PUBLIC_ENDPOINTS = {
    "static",
    "site.index",
    "site.healthz",
    "site.set_language",
    "accounts.login",
    "accounts.logout",
    "accounts.forgot_password",
    "accounts.reset_password",
    "agenda.index",
    "agenda.agenda_ics",
    "agenda.session",
    "agenda.session_ics",
    "agenda.changes",
    "agenda.programme_pdf",
    "agenda.personal_agenda",
    "agenda.personal_ics",
    "agenda.sign_up",
    "agenda.leave",
    "registration.register",
    "registration.submitted",
    "registration.temp_photo",
    "registration.private_page",
    "registration.private_edit",
    "registration.private_photo",
    "registration.consent",
    "registration.withdraw",
    "registration.visa_letter",
    "registration.verify_letter",
    "api.openapi_json",
    "api.get_event",
    "api.list_countries",
    "api.list_rooms",
    "api.list_themes",
    "api.list_sessions",
    "api.get_session",
    "api.create_registration",  # public: 202 whatever the address; staff tokens get more
}


def test_every_view_is_public_by_name_or_checks_roles(app):
    unchecked = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "required_roles", None) is None
    }
    assert unchecked - PUBLIC_ENDPOINTS == set(), "views without require_role/token_required"
    assert PUBLIC_ENDPOINTS - unchecked == set(), "listed as public but now checks roles"


def _protected_rules(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        roles = getattr(view, "required_roles", None)
        if roles is None:
            continue
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", "1", rule.rule)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        yield rule, url, method, roles


def test_every_staff_page_refuses_anonymous_users(app, client):
    rules = list(_protected_rules(app))
    assert rules, "no protected routes found"
    for rule, url, method, _ in rules:
        response = client.open(url, method=method)
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, rule.rule
            assert response.is_json, rule.rule
        else:
            assert response.status_code == 302, rule.rule
            assert "/login" in response.headers["Location"], rule.rule


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_every_staff_page_refuses_wrong_roles(app, client, login, role, event):
    user = factories.make_user(role, country="CHN" if role == "focal_point" else None)
    token = factories.make_token(user)
    login(user)
    checked = 0
    for rule, url, method, roles in _protected_rules(app):
        if role in roles or not roles and rule.rule.startswith("/api/"):
            continue
        headers = {"Authorization": f"Bearer {token}"} if rule.rule.startswith("/api/") else {}
        response = client.open(url, method=method, headers=headers)
        assert response.status_code == 403, (role, rule.rule, response.status_code)
        checked += 1
    assert checked, f"no staff route refuses {role}"
