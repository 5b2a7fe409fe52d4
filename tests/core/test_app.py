"""The app factory, configuration, security headers, error pages and /healthz."""

import pytest

from assembly import create_app
from assembly.config import ConfigError, load_config


def test_factory_uses_the_given_config(app):
    assert app.testing
    assert app.config["HUEY_IMMEDIATE"] is True
    assert app.config["SECRET_KEY"] == "test-secret-key-that-is-long-enough"


def test_defaults_are_sqlite_in_instance_and_no_redis():
    config = load_config("/srv/instance", environ={})
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///assembly.db"
    assert config["REDIS_URL"] is None
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["HUEY_SQLITE_PATH"] == "/srv/instance/huey.db"


def test_environment_switches_database_and_redis():
    config = load_config(
        "/srv/instance",
        environ={
            "ASSEMBLY_DATABASE_URL": "postgresql+psycopg://u@db/assembly",
            "ASSEMBLY_REDIS_URL": "redis://cache:6379/0",
        },
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/assembly"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_a_plain_postgresql_url_uses_the_installed_driver(scheme):
    config = load_config("/i", environ={"ASSEMBLY_DATABASE_URL": f"{scheme}://u@db:5432/ga"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db:5432/ga"


@pytest.mark.parametrize("name", ["prod", "Production", "staging"])
def test_an_unknown_environment_name_is_refused(name):
    with pytest.raises(ConfigError, match="ASSEMBLY_ENV must be one of development, production"):
        load_config("/i", environ={"ASSEMBLY_ENV": name})


def test_forms_stay_valid_as_long_as_the_session(app):
    # A check-in page stays open all day: its scans must not expire after an hour.
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_logins_go_on_when_redis_is_down(app, app_config):
    app_config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    down = create_app(app_config)
    with down.app_context():
        response = down.test_client().post("/login", data={"email": "a@b.org", "password": "x"})
    assert response.status_code == 200  # the form again, not a 500


def test_trusted_hosts_come_from_the_environment():
    assert load_config("/srv/instance", environ={})["TRUSTED_HOSTS"] is None
    config = load_config(
        "/srv/instance", environ={"ASSEMBLY_TRUSTED_HOSTS": "assembly.example.org, .example.net"}
    )
    assert config["TRUSTED_HOSTS"] == ["assembly.example.org", ".example.net"]


def test_a_host_outside_the_trusted_hosts_is_refused(app, client):
    app.config.update(SERVER_NAME=None, TRUSTED_HOSTS=["assembly.example.org"])
    assert client.get("/", headers={"Host": "assembly.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    api = client.get("/api/v1/countries", headers={"Host": "evil.example"})
    assert api.status_code == 400 and api.get_json()["error"]["code"] == "bad_request"


def test_link_resend_time_comes_from_the_environment():
    assert load_config("/srv/instance", environ={})["LINK_RESEND_MINUTES"] == 10
    environ = {"ASSEMBLY_LINK_RESEND_MINUTES": "60"}
    assert load_config("/srv/instance", environ=environ)["LINK_RESEND_MINUTES"] == 60


def test_proxy_count_comes_from_the_environment():
    assert load_config("/srv/instance", environ={})["PROXY_COUNT"] == 0
    assert load_config("/srv/instance", environ={"ASSEMBLY_PROXY_COUNT": "2"})["PROXY_COUNT"] == 2
    with pytest.raises(ConfigError, match="ASSEMBLY_PROXY_COUNT"):
        load_config("/srv/instance", environ={"ASSEMBLY_PROXY_COUNT": "yes"})


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.setenv("ASSEMBLY_ENV", "production")
    monkeypatch.delenv("ASSEMBLY_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="ASSEMBLY_SECRET_KEY"):
        create_app()


def test_production_sets_secure_cookies(monkeypatch):
    monkeypatch.setenv("ASSEMBLY_ENV", "production")
    monkeypatch.setenv("ASSEMBLY_SECRET_KEY", "x" * 40)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_broken_database_url_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", "nosuchdb://x")
    with pytest.raises(ConfigError, match="ASSEMBLY_DATABASE_URL"):
        create_app()


def test_security_headers_on_every_response(client):
    for path in ("/", "/login", "/no-such-page", "/healthz", "/api/v1/countries"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413, 429, 500])
def test_error_pages_are_styled_and_show_no_traceback(app, client, status):
    from flask import abort

    @app.get(f"/boom-{status}")
    def boom():
        if status == 500:
            raise RuntimeError("secret internals")
        abort(status)

    response = client.get(f"/boom-{status}")
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert "<nav" in body and f">{status}<" in body
    assert "Traceback" not in body and "secret internals" not in body


def test_a_failed_database_write_still_gets_the_styled_500_page(app, client, login):
    from assembly.accounts.models import User
    from assembly.extensions import db
    from tests import factories

    staff = factories.make_user("admin", email="chief@example.org")

    @app.get("/boom-db")
    def boom_db():
        db.session.add(User(email=staff.email, role="admin", password_hash="x"))
        db.session.flush()  # the same email again: IntegrityError

    login(staff)  # the error page shows the signed-in user's navigation
    response = client.get("/boom-db")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "chief@example.org" in body


def test_post_on_get_only_page_is_405_saying_what_is_allowed(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_api_errors_are_json_even_when_unexpected(app, client):
    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret internals")

    response = client.get("/api/v1/boom")
    assert response.status_code == 500 and response.is_json
    assert response.json["error"]["code"] == "internal_error"
    assert "secret internals" not in response.get_data(as_text=True)
    refused = client.get("/api/v1/registrations")
    assert refused.status_code == 401 and refused.json["error"]["code"] == "unauthorized"
    assert refused.headers["WWW-Authenticate"] == "Bearer"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_names_the_database_when_it_is_down(app_config, tmp_path):
    app_config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    app = create_app(app_config)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "down", "database": "down"}


def test_healthz_names_redis_when_it_is_down(app_config):
    app_config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    app = create_app(app_config)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["redis"] == "down" and response.json["database"] == "ok"


def test_request_log_line_has_status_and_duration(client, caplog):
    import logging

    logger = logging.getLogger("assembly.request")
    logger.addHandler(caplog.handler)
    try:
        client.get("/no-such-page")
    finally:
        logger.removeHandler(caplog.handler)
    line = caplog.records[-1].getMessage()
    assert line.startswith("GET /no-such-page 404 ") and line.endswith("ms")


def test_language_switch_sets_direction(client):
    response = client.post("/lang", data={"lang": "ar", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page
    assert client.post("/lang", data={"lang": "xx"}).status_code == 400


def test_language_switch_refuses_offsite_redirects(client):
    response = client.post("/lang", data={"lang": "fr", "next": "//evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_forms_need_a_csrf_token(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    app = create_app(app_config)
    response = app.test_client().post("/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    # Said as it is: the page belongs to a session that has ended.
    assert "Page expired" in response.get_data(as_text=True)


def test_home_page_shows_the_event(client, event):
    page = client.get("/").get_data(as_text=True)
    assert "86th INTERPOL General Assembly" in page and "Beijing" in page
    assert "September 26, 2017" in page


def test_home_page_without_event_says_so(client):
    assert "No event has been set up yet" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "lang, text",
    [("fr", "Connexion du personnel"), ("es", "Acceso del personal"), ("ar", "دخول الموظفين")],
)
def test_pages_speak_the_chosen_language(client, lang, text):
    client.post("/lang", data={"lang": lang})
    assert text in client.get("/login").get_data(as_text=True)
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "Not found" not in page  # error pages are translated too


def test_the_sign_in_prompt_speaks_the_chosen_language(client):
    client.post("/lang", data={"lang": "fr"})
    page = client.get("/admin", follow_redirects=True).get_data(as_text=True)
    assert "Connectez-vous pour voir cette page." in page
    assert "Please log in" not in page


def test_browser_language_is_used_until_one_is_chosen(client):
    page = client.get("/login", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert "Acceso del personal" in page.get_data(as_text=True)


def test_translations_outside_requests_fall_back_to_english(app):
    from flask_babel import gettext

    assert gettext("Not found") == "Not found"  # CLI and workers have no session to read


def test_navigation_by_role(client, login):
    from tests import factories

    public = client.get("/").get_data(as_text=True)
    assert 'href="/register"' in public and 'href="/admin"' not in public
    login(factories.make_user("focal_point", country="KEN"))
    page = client.get("/").get_data(as_text=True)
    assert 'href="/delegation"' in page and 'href="/admin/agenda"' not in page
    assert 'href="/register"' not in page
