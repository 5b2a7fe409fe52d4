"""The API skeleton: event, countries, paging, JSON errors, tokens, OpenAPI."""

from assembly.accounts.models import ApiToken
from assembly.extensions import db
from tests import factories


def test_event(client, event):
    body = client.get("/api/v1/event").get_json()
    assert body["number"] == 86 and body["city"] == "Beijing"
    assert body["start_date"] == "2017-09-26" and body["end_date"] == "2017-09-29"
    assert body["timezone"] == "Asia/Shanghai"
    assert body["registration"] == "open" and body["registration_closes"] is None


def test_event_missing_is_json_404(client):
    response = client.get("/api/v1/event")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_countries_are_paged(client):
    body = client.get("/api/v1/countries?per_page=500").get_json()
    assert body["total"] == 197 and len(body["items"]) == 197
    assert sum(c["member"] for c in body["items"]) == 196
    china = next(c for c in body["items"] if c["iso3"] == "CHN")
    assert china == {
        "iso2": "CN",
        "iso3": "CHN",
        "name": "China",
        "region": "Asia and South Pacific",
        "member": True,
    }
    page2 = client.get("/api/v1/countries?page=2&per_page=10").get_json()
    assert page2["page"] == 2 and page2["per_page"] == 10 and len(page2["items"]) == 10
    assert page2["items"][0]["iso3"] == body["items"][10]["iso3"]


def test_countries_filter_by_region(client):
    body = client.get(
        "/api/v1/countries?region=Middle East and North Africa&per_page=500"
    ).get_json()
    assert body["total"] == 17
    assert {c["region"] for c in body["items"]} == {"Middle East and North Africa"}


def test_bad_paging_is_a_json_422(client):
    for query in ("per_page=501", "per_page=0", "page=x"):
        response = client.get(f"/api/v1/countries?{query}")
        assert response.status_code == 422, query
        error = response.get_json()["error"]
        assert error["code"] == "invalid" and error["fields"]


def test_api_errors_are_json_never_html(client):
    for path, status in (("/api/v1/nothing", 404), ("/api/openapi.json", 200)):
        response = client.get(path)
        assert response.status_code == status and response.is_json
    response = client.post("/api/v1/countries")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_bad_or_revoked_token_is_401(client, app):
    from assembly.api.auth import token_required
    from assembly.core.db import utcnow

    user = factories.make_user("officer")
    token = factories.make_token(user)

    @app.get("/api/v1/_whoami")
    @token_required("officer")
    def whoami():
        from assembly.api.auth import current_api_user

        return {"email": current_api_user().email}

    ok = client.get("/api/v1/_whoami", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.get_json() == {"email": user.email}
    bad = client.get("/api/v1/_whoami", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.get_json()["error"]["code"] == "unauthorized"
    db.session.scalars(db.select(ApiToken)).one().revoked_at = utcnow()
    db.session.commit()
    revoked = client.get("/api/v1/_whoami", headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401


def test_tokens_are_stored_hashed(app):
    user = factories.make_user("officer")
    token = factories.make_token(user)
    row = db.session.scalars(db.select(ApiToken)).one()
    assert token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64


def test_openapi_lists_every_api_route(app, client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule.startswith("/api/v1/_"):
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} missing from OpenAPI"
