"""The public form carries a CSRF token; a post without it registers nobody and says why."""

import pytest

from tests import factories
from tests.registration.samples import count_rows, fields


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_the_form_needs_its_csrf_token(client, event):
    html = client.get("/register").get_data(as_text=True)
    token = factories.csrf_token(html)
    refused = client.post("/register", data=fields())
    assert refused.status_code == 200 and "expired" in refused.get_data(as_text=True)
    assert 'value="Jeanne"' in refused.get_data(as_text=True) and count_rows() == 0
    assert client.post("/register", data={**fields(), "csrf_token": token}).status_code == 302
    assert count_rows() == 1
