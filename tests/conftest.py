"""Fixtures: the app on SQLite (always) and PostgreSQL (when
ASSEMBLY_TEST_DATABASE_URL is set), a client, staff logins and factories.

Every test that uses `app` runs once per database. The schema is made once
per database; after each test every table is emptied except `country`, the
reference data seeded once (tests that change a country put it back).
"""

import os
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from assembly import create_app
from assembly.extensions import db
from tests import factories

PG_URL = os.environ.get("ASSEMBLY_TEST_DATABASE_URL")
IN_CI = bool(os.environ.get("CI"))
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])
KEEP_TABLES = {"country", "alembic_version"}


def _check_postgres(url: str) -> None:
    try:
        with create_engine(url).connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        pytest.fail(f"ASSEMBLY_TEST_DATABASE_URL is set but PostgreSQL is not reachable: {exc}")


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory) -> dict[str, str]:
    """Return the URL of each test database, schema created and countries seeded."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    if PG_URL:
        _check_postgres(PG_URL)
        urls["postgresql"] = PG_URL
    for url in urls.values():
        app = create_app(_test_config(url, tmp_path_factory.mktemp("instance")))
        with app.app_context():
            db.drop_all()
            db.create_all()
            from assembly.countries.services import seed_countries

            seed_countries()
            db.session.commit()
            db.engine.dispose()
    return urls


def _test_config(url: str, folder: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "HUEY_IMMEDIATE": True,
        "UPLOAD_DIR": str(folder / "uploads"),
        "OUTBOX_DIR": str(folder / "outbox"),
        "SERVER_NAME": "assembly.local",
        "MAIL_URL": "",
        # Fast hashing: the tests sign in hundreds of times.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in an application context of its own.

    The `app` fixture holds a context for the test's own queries; without this,
    requests would share its `g` (and the signed-in user cached there) and its
    database session, which no real request does.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app_config(database_urls, db_name, tmp_path) -> dict:
    """Return the config of the test app; tests may change it before using `app`."""
    if db_name not in database_urls:
        message = "needs PostgreSQL: set ASSEMBLY_TEST_DATABASE_URL"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    return _test_config(database_urls[db_name], tmp_path)


@pytest.fixture
def app(app_config):
    """The app, inside an application context, on an emptied database."""
    yield from _serve(app_config)


def _serve(config: dict):
    app = create_app(config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    # DELETE, not TRUNCATE: on a few small tables it is ten times faster.
    tables = [t for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]
    with db.engine.begin() as conn:
        for table in reversed(tables):
            conn.execute(table.delete())
        if conn.dialect.name == "postgresql":
            # Restart the ids, as a fresh database would.
            restarts = ", ".join(
                f"setval(pg_get_serial_sequence('\"{t.name}\"', 'id'), 1, false)"
                for t in tables
                if "id" in t.c and t.c.id.autoincrement is not False and t.c.id.primary_key
            )
            conn.execute(text(f"SELECT {restarts}"))
        # SQLite reuses ids from 1 on empty tables by itself (no AUTOINCREMENT).


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner of `app`."""
    return app.test_cli_runner()


@pytest.fixture
def event(app):
    """The demo event (86th General Assembly, Beijing) with its delegations."""
    return factories.make_event()


@pytest.fixture
def login(client):
    """Sign `user` in on the test client: `login(user)`."""

    def do_login(user, password=factories.PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, f"login of {user.email} failed"
        return user

    return do_login


@pytest.fixture
def outbox(app):
    """Return a function listing the mail delivered so far (as Outbox rows, oldest first)."""
    from sqlalchemy import select

    from assembly.core.mail import Outbox

    def sent(to: str | None = None):
        stmt = select(Outbox).order_by(Outbox.id)
        if to:
            stmt = stmt.where(Outbox.to == to)
        return db.session.scalars(stmt).all()

    return sent


def pytest_generate_tests(metafunc):
    """Run each database test on every database: `db_name` is "sqlite" or "postgresql"."""
    if "db_name" not in metafunc.fixturenames:
        return
    if "pg_app" in metafunc.fixturenames:
        names = ["postgresql"]  # concurrency tests need real row locks
    elif "live_server" in metafunc.fixturenames:
        names = ["sqlite"]  # browser tests check pages, not databases
    else:
        names = DATABASES
    metafunc.parametrize("db_name", names)


@pytest.fixture
def pg_app(app):
    """The app on PostgreSQL only, for concurrency tests that need real row locks.

    A test using it runs once, on PostgreSQL. Without ASSEMBLY_TEST_DATABASE_URL
    it fails under CI and is skipped, saying why, on a developer's machine.
    """
    return app
