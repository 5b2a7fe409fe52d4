"""The `flask assembly ...` commands operators and scripts use."""

import pytest
from sqlalchemy import func, select

from assembly.accounts.models import ApiToken, User
from assembly.accounts.services import user_for_api_token
from assembly.core.event import Event
from assembly.countries.models import Country, Delegation
from assembly.extensions import db


def test_seed_demo_sets_up_the_86th_assembly_once(runner, app):
    result = runner.invoke(args=["assembly", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin@assembly.example.org" in result.output
    again = runner.invoke(args=["assembly", "seed-demo"])
    assert again.exit_code == 0, again.output
    event = db.session.scalars(select(Event)).one()
    assert (event.number, event.city, event.timezone) == (86, "Beijing", "Asia/Shanghai")
    assert str(event.start_date) == "2017-09-26" and str(event.end_date) == "2017-09-29"
    assert event.registration_state() == "open" and event.registration_closes is None
    delegations = db.session.scalar(select(func.count()).select_from(Delegation))
    assert delegations == 190  # the members at the 2017 assembly
    assert db.session.scalar(select(func.count()).select_from(Country).where(Country.member)) == 196


def test_seed_demo_leaves_a_real_database_alone(runner, app):
    runner.invoke(args=["assembly", "create-user", "chief@interpol.int", "--role", "admin"])
    result = runner.invoke(args=["assembly", "seed-demo"])
    assert result.exit_code == 1
    assert "holds real data (0 other events and 1 staff accounts not of the demo)" in result.output
    quiet = runner.invoke(args=["assembly", "seed-demo", "--if-empty"])  # as `make run` does
    assert quiet.exit_code == 0 and "demo not seeded" in quiet.output
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 1  # no demo logins


def test_seed_demo_is_refused_in_production(runner, app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    for args in (["seed-demo"], ["seed-demo", "--if-empty"]):
        result = runner.invoke(args=["assembly", *args])
        assert "ASSEMBLY_ENV=production: the demo and its logins are refused" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_prints_a_generated_password(runner, app):
    result = runner.invoke(
        args=[
            "assembly",
            "create-user",
            "Focal@Example.org",
            "--role",
            "focal_point",
            "--country",
            "chn",
        ]
    )
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1].removeprefix("password: ")
    user = db.session.scalars(select(User)).one()
    assert user.email == "focal@example.org" and user.country.iso3 == "CHN"
    assert user.check_password(password)


def test_create_user_with_password(runner, app):
    result = runner.invoke(
        args=[
            "assembly",
            "create-user",
            "a@example.org",
            "--role",
            "admin",
            "--password",
            "long enough password",
        ]
    )
    assert result.exit_code == 0 and "password:" not in result.output
    assert db.session.scalars(select(User)).one().check_password("long enough password")


def test_create_user_bad_input_is_one_line_and_nonzero(runner, app):
    cases = [
        (["not-an-email", "--role", "admin"], "Invalid email"),
        (["a@example.org", "--role", "chief"], "Unknown role"),
        (["a@example.org", "--role", "focal_point", "--country", "XYZ"], "Unknown country"),
        (["a@example.org", "--role", "focal_point"], "needs --country"),
        (["a@example.org", "--role", "admin", "--password", "short"], "at least"),
    ]
    for args, message in cases:
        result = runner.invoke(args=["assembly", "create-user", *args])
        assert result.exit_code != 0, args
        assert message in result.output and "Traceback" not in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_token_prints_the_token_last_and_stores_its_hash(runner, app):
    runner.invoke(args=["assembly", "create-user", "a@example.org", "--role", "officer"])
    result = runner.invoke(args=["assembly", "create-token", "a@example.org"])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    row = db.session.scalars(select(ApiToken)).one()
    assert row.token_hash != token
    assert user_for_api_token(token).email == "a@example.org"


def test_create_token_for_unknown_user_fails(runner, app):
    result = runner.invoke(args=["assembly", "create-token", "nobody@example.org"])
    assert result.exit_code != 0 and "no active user" in result.output


@pytest.mark.parametrize("command", [["assembly", "seed-countries"], ["db", "upgrade"]])
def test_unreachable_database_is_one_clear_line(tmp_path, command):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *command],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "ASSEMBLY_INSTANCE_PATH": str(tmp_path),
            "ASSEMBLY_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        },
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "database is not reachable" in result.stderr


def test_broken_database_url_is_one_clear_line(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "assembly", "seed-countries"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "ASSEMBLY_DATABASE_URL": "nosuch://x",
            "ASSEMBLY_INSTANCE_PATH": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "ASSEMBLY_DATABASE_URL" in result.stderr
