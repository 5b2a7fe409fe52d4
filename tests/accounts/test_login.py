"""Staff sign-in, sign-out, throttling and password reset."""

import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from assembly import create_app
from assembly.accounts.services import make_reset_token
from tests import factories


def test_login_and_logout(client, app):
    user = factories.make_user("officer")
    response = client.post(
        "/login", data={"email": user.email.upper(), "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert user.email in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert user.email not in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, app):
    user = factories.make_user("officer")
    response = client.post("/login", data={"email": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "Wrong email or password" in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, app):
    from assembly.extensions import db

    user = factories.make_user("officer")
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 200


def test_login_redirects_only_to_local_pages(client, app):
    user = factories.make_user("admin")
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": user.email, "password": factories.PASSWORD},
    )
    assert "evil" not in response.headers["Location"]


@pytest.fixture
def throttled_client(app_config):
    app_config["RATELIMIT_ENABLED"] = True
    app = create_app(app_config)
    with app.app_context():
        yield app.test_client()


def test_login_is_throttled_per_address(throttled_client):
    for i in range(10):
        response = throttled_client.post(
            "/login", data={"email": f"u{i}@example.org", "password": "x"}
        )
        assert response.status_code == 200
    response = throttled_client.post("/login", data={"email": "other@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_login_is_throttled_per_account(throttled_client):
    for i in range(10):
        response = throttled_client.post(
            "/login",
            data={"email": "target@example.org", "password": "x"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
        )
        assert response.status_code == 200
    response = throttled_client.post(
        "/login",
        data={"email": "TARGET@example.org", "password": "x"},
        environ_base={"REMOTE_ADDR": "10.0.1.1"},
    )
    assert response.status_code == 429


def test_only_failed_logins_count_so_staff_behind_one_address_all_sign_in(app, app_config):
    app_config["RATELIMIT_ENABLED"] = True
    throttled = create_app(app_config)
    users = [factories.make_user("checkin", email=f"door{i}@example.org") for i in range(12)]
    with throttled.app_context():
        for user in users:  # twelve colleagues at the venue's one public address
            client = throttled.test_client()
            response = client.post(
                "/login", data={"email": user.email, "password": factories.PASSWORD}
            )
            assert response.status_code == 302, user.email


def _reset_link(outbox) -> str:
    return re.search(r"(/password/reset/\S+)", outbox()[-1].body_text).group(1)


def test_password_reset_by_mailed_link_works_once(client, app, outbox):
    user = factories.make_user("officer")
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 302
    link = _reset_link(outbox)
    new = "a brand new password"
    response = client.post(link, data={"password": new, "confirm": new})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    client.post("/login", data={"email": user.email, "password": new})
    assert user.email in client.get("/").get_data(as_text=True)
    client.post("/logout")
    # The same link again: refused, since the password it was made for changed.
    response = client.post(
        link, data={"password": "another password!", "confirm": "another password!"}
    )
    assert response.status_code == 302 and "/password/forgot" in response.headers["Location"]


def test_password_reset_link_is_on_the_public_address_whatever_the_host(client, app, outbox):
    app.config.update(SERVER_NAME=None, BASE_URL="https://assembly.example.org")
    user = factories.make_user("officer")
    client.post("/password/forgot", data={"email": user.email}, headers={"Host": "evil.example"})
    body = outbox(user.email)[-1].body_text
    assert "https://assembly.example.org/password/reset/" in body and "evil.example" not in body


def test_password_reset_link_expires(client, app):
    user = factories.make_user("officer")
    token = make_reset_token(user)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 302 and "/password/forgot" in response.headers["Location"]
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "expired" in follow


def test_forged_reset_link_is_refused(client, app):
    user = factories.make_user("officer")
    forged = URLSafeTimedSerializer("wrong key", salt="assembly.password-reset").dumps(
        {"uid": user.id, "fp": user.password_hash[-16:]}
    )
    response = client.get(f"/password/reset/{forged}")
    assert response.status_code == 302 and "/password/forgot" in response.headers["Location"]


def test_forgot_password_says_the_same_for_unknown_addresses(client, app, outbox):
    user = factories.make_user("officer")
    known = client.post("/password/forgot", data={"email": user.email}, follow_redirects=True)
    unknown = client.post(
        "/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    pages = [factories.mask_csrf(r.get_data(as_text=True)) for r in (known, unknown)]
    assert pages[0] == pages[1]
    assert [m.to for m in outbox()] == [user.email]
