"""Text no database can hold (NUL, lone surrogates) is a 400, never a 500; failed
statements never show their values."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from assembly.extensions import db
from tests import factories


@pytest.fixture
def quiet_errors(app):
    """Serve a 500 as the site would, instead of raising it into the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def test_nul_in_a_sign_in_form_is_400(client, quiet_errors):
    factories.make_user("officer", email="officer@example.org")
    response = client.post("/login", data={"email": "officer\x00@example.org", "password": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/agenda?q=%00", "/agenda?%00=x", "/my/abc%00def", "/api/v1/countries?region=%00"]
)
def test_nul_in_the_path_or_query_is_400(client, event, quiet_errors, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("token", ["abc\x00", "\ud800", ["\x00"]])
def test_nul_or_a_lone_surrogate_in_json_is_a_json_400(client, event, quiet_errors, token):
    headers = {"Authorization": f"Bearer {factories.make_token(factories.make_user('checkin'))}"}
    response = client.post("/api/v1/checkin", json={"token": token}, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_nul_in_an_agenda_sign_up_token_is_400(client, event, quiet_errors):
    assert client.post("/my/x%00y/agenda/1/sign-up").status_code == 400


def test_the_registration_routes_check_their_own_fields(client, event, quiet_errors):
    # (They say which field is wrong: see the registration tests.)
    response = client.post("/api/v1/registrations", json={"given_name": "A\x00B"})
    assert response.status_code == 422
    assert "given_name" in response.get_json()["error"]["fields"]
    # Their query string is guarded all the same.
    assert client.post("/register?x=%00", data={}).status_code == 400


def test_a_failed_statement_does_not_show_its_values(app):
    with pytest.raises(DBAPIError) as failure:
        db.session.execute(
            text("SELECT * FROM no_such_table WHERE passport = :passport"),
            {"passport": "PAB998877"},
        )
    db.session.rollback()
    assert "PAB998877" not in str(failure.value)
    assert "hide_parameters" in str(failure.value)
