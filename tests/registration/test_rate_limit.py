"""Public submissions are rate limited per client address, on the form and the API."""

import pytest
from flask import request

from assembly import create_app
from tests.registration.samples import fields


def _json(**changes) -> dict:
    """Return valid registration fields as the API takes them (booleans as JSON booleans)."""
    return {**fields(**changes), "consent": True, "list_consent": False}


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_ENABLED"] = True
    app_config["REGISTER_RATE_LIMIT"] = "3 per minute"
    return app_config


def test_public_submissions_are_rate_limited(client, event):
    codes = [
        client.post("/register", data=fields(email=f"r{i}@example.org")).status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert client.get("/register").status_code == 200  # reading the form is not limited


def test_public_api_submissions_are_rate_limited(client, event):
    codes = [
        client.post("/api/v1/registrations", json=_json(email=f"a{i}@example.org")).status_code
        for i in range(4)
    ]
    assert codes == [202, 202, 202, 429]
    assert client.post("/api/v1/registrations", json=_json()).get_json()["error"]["code"] == (
        "rate_limited"
    )


@pytest.mark.parametrize("proxies", [0, 1])
def test_behind_a_proxy_limits_key_on_the_forwarded_address(app_config, event, proxies):
    behind = create_app({**app_config, "PROXY_COUNT": proxies})

    @behind.get("/whoami")
    def whoami():
        return f"{request.remote_addr} {request.scheme}"

    proxy = {"REMOTE_ADDR": f"10.77.{proxies}.1"}  # every request comes through one proxy
    with behind.app_context():
        client = behind.test_client()

        def post(i, client_address):
            return client.post(
                "/api/v1/registrations",
                json=_json(email=f"proxied{i}@example.org"),
                headers={"X-Forwarded-For": client_address},
                environ_base=proxy,
            ).status_code

        seen = client.get(
            "/whoami",
            headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
            environ_base=proxy,
        ).get_data(as_text=True)
        # Four delegates, one submission each, then one of them three times more.
        codes = [post(i, f"198.51.{proxies}.{i}") for i in range(4)]
        codes += [post(4 + i, f"198.51.{proxies}.0") for i in range(3)]
    if proxies:
        assert seen == "203.0.113.9 https"
        assert codes == [202, 202, 202, 202, 202, 202, 429]
    else:  # no proxy configured: X-Forwarded-For is anyone's to forge, so ignored
        assert seen == f"{proxy['REMOTE_ADDR']} http"
        assert codes == [202, 202, 202, 429, 429, 429, 429]
