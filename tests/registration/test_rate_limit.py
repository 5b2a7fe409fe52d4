"""Public submissions are rate limited per client address, on the form and the API."""

import pytest

from tests.registration.samples import fields


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
        client.post("/api/v1/registrations", json=fields(email=f"a{i}@example.org")).status_code
        for i in range(4)
    ]
    assert codes == [202, 202, 202, 429]
    assert client.post("/api/v1/registrations", json=fields()).get_json()["error"]["code"] == (
        "rate_limited"
    )
