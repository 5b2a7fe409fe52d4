"""The Alembic migrations build exactly the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from assembly import create_app
from assembly.extensions import db
from tests.conftest import PG_URL, _test_config


def _fresh_postgres_url() -> str:
    url = make_url(PG_URL)
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def test_upgrade_builds_the_models_schema(backend, tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.db'}" if backend == "sqlite" else _fresh_postgres_url()
    app = create_app(_test_config(url, tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
        db.engine.dispose()
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def test_search_name_is_filled_for_existing_participants(backend, tmp_path):
    from datetime import UTC, date, datetime

    from sqlalchemy import MetaData, insert, select

    url = f"sqlite:///{tmp_path / 'migrated.db'}" if backend == "sqlite" else _fresh_postgres_url()
    app = create_app(_test_config(url, tmp_path))
    with app.app_context():
        upgrade(revision="7f2754fa6d5d")  # before the column existed
        now = datetime(2017, 5, 2, tzinfo=UTC)
        with db.engine.begin() as conn:
            tables = MetaData()
            tables.reflect(conn, only=["event", "category", "participant"])
            event_id = conn.execute(
                insert(tables.tables["event"]).values(
                    number=86,
                    name="86th",
                    city="Beijing",
                    country_iso3="CHN",
                    venue="",
                    start_date=date(2017, 9, 26),
                    end_date=date(2017, 9, 29),
                    timezone="Asia/Shanghai",
                    languages=["en"],
                    is_current=True,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]
            category_id = conn.execute(
                insert(tables.tables["category"]).values(
                    name="Observer",
                    color="#123456",
                    sort_order=1,
                    counts_toward_quota=False,
                    is_head=False,
                    needs_confirmation=False,
                )
            ).inserted_primary_key[0]
            blank = dict.fromkeys(
                (
                    "title",
                    "badge_name",
                    "nationality",
                    "passport_number",
                    "position",
                    "organization",
                    "phone",
                    "dietary",
                    "accessibility",
                    "decision_reason",
                ),
                "",
            )
            conn.execute(
                insert(tables.tables["participant"]).values(
                    event_id=event_id,
                    organization_name="UNODC",
                    category_id=category_id,
                    state="approved",
                    is_head=False,
                    given_name="José María",
                    family_name="Ibáñez Groß",
                    native_name="",
                    email="j@example.org",
                    language="es",
                    list_consent=False,
                    link_version=1,
                    created_at=now,
                    updated_at=now,
                    **blank,
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            tables = MetaData()
            tables.reflect(conn, only=["participant"])
            folded = conn.scalar(select(tables.tables["participant"].c.search_name))
        db.engine.dispose()
    assert folded == "jose maria ibanez gross"
