"""A sign-up that cannot get its lock in time is refused with "try again": never a 500,
never a seat past the capacity. The lock waits are cut short here."""

import pytest
from sqlalchemy import func, select, update

from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.models import SignUp
from assembly.extensions import db
from assembly.registration import links


@pytest.fixture
def app_config(app_config, db_name):
    """Give up waiting for a lock after a fifth of a second."""
    sqlite = db_name == "sqlite"
    connect_args = {"timeout": 0.2} if sqlite else {"options": "-c lock_timeout=200"}
    app_config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": connect_args}
    return app_config


@pytest.mark.parametrize("action", ["sign-up", "leave"])
def test_a_sign_up_kept_waiting_for_the_lock_says_try_again(
    client, event, make_session, approved, action
):
    from assembly.agenda import services

    session = make_session("Crowded workshop")
    p = approved()
    if action == "leave":
        services.sign_up(p, session.id)
        db.session.commit()
    token = links.make_token(p)
    with db.engine.connect() as other:
        other.begin()
        # Another transaction is writing the session (SQLite: holds the database's lock).
        other.execute(
            update(AgendaSession.__table__)
            .where(AgendaSession.id == session.id)
            .values(title=AgendaSession.title)
        )
        response = client.post(f"/my/{token}/agenda/{session.id}/{action}")
        page = client.get(response.headers["Location"])
        other.rollback()
    assert response.status_code == 302
    assert "try again in a moment" in page.text
    count = db.session.scalar(select(func.count()).select_from(SignUp))
    assert count == (1 if action == "leave" else 0)
