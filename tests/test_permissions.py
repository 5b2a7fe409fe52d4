"""Every staff page and staff API route refuses anonymous users and wrong roles.

The routes are found from the app's URL map (views decorated with
`require_role` or `token_required`), so new views are covered as they come.
"""

import re

import pytest

from assembly.core.security import ROLES
from tests import factories


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
