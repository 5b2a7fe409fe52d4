"""The public agenda: only published sessions, day tabs, filters, search, seats left, and a
fixed number of queries whatever the size of the agenda."""

import pytest
from sqlalchemy import event as sa_event

from assembly.agenda import demo, services
from assembly.extensions import db


@pytest.fixture
def count_queries(app):
    """Return a function running a callable and counting the SQL statements it sends."""

    def run(call):
        statements = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        sa_event.listen(db.engine, "before_cursor_execute", before)
        try:
            result = call()
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", before)
        return result, statements

    return run


def test_only_published_sessions_are_public(client, event, make_session):
    published = make_session("Published talk")
    draft = make_session("Secret draft", room="pearl", state="draft")
    page = client.get("/agenda")
    assert "Published talk" in page.text and "Secret draft" not in page.text
    assert client.get(f"/agenda/{published.id}").status_code == 200
    assert client.get(f"/agenda/{draft.id}").status_code == 404


def test_day_tabs_and_grid(client, event, make_session):
    make_session("Tuesday talk")
    make_session("Wednesday talk", "2017-09-27 09:00", "2017-09-27 10:00", room="pearl")
    page = client.get("/agenda")
    assert "Tue 26 Sep" in page.text and "Fri 29 Sep" in page.text
    assert "Tuesday talk" in page.text and "Wednesday talk" not in page.text
    assert "agenda-grid" in page.text and "Plenary Hall" in page.text
    page = client.get("/agenda?day=2017-09-27")
    assert "Wednesday talk" in page.text and "Tuesday talk" not in page.text


def test_filters_and_search(client, event, make_session):
    make_session("Darknet markets", themes=("cybercrime",), languages=["en", "ar"])
    make_session(
        "Foreign fighters",
        room="pearl",
        themes=("terrorism",),
        type="plenary",
        speakers=["Ahmed Hassan أحمد حسن"],
    )
    page = client.get("/agenda?theme=terrorism")
    assert "Foreign fighters" in page.text and "Darknet markets" not in page.text
    page = client.get("/agenda?type=plenary")
    assert "Foreign fighters" in page.text and "Darknet markets" not in page.text
    page = client.get("/agenda?language=ar")
    assert "Darknet markets" in page.text and "Foreign fighters" not in page.text
    page = client.get("/agenda?q=hassan")
    assert "Foreign fighters" in page.text and "Darknet markets" not in page.text


def test_session_page_shows_seats_left(client, event, make_session, approved):
    session = make_session("Small room talk", room="lotus")
    services.sign_up(approved(), session.id)
    db.session.commit()
    page = client.get(f"/agenda/{session.id}")
    assert "1 of 2 seats left" in page.text and 'data-seats-left="1"' in page.text
    services.sign_up(approved(), session.id)
    services.sign_up(approved(), session.id)
    db.session.commit()
    page = client.get(f"/agenda/{session.id}")
    assert "Full" in page.text and "1 on the waiting list" in page.text


def test_whole_demo_agenda_renders_in_one_query_per_kind(
    client, event, make_session, count_queries
):
    make_session("Only one", speakers=["Jürgen Stock"])
    small, small_queries = count_queries(lambda: client.get("/agenda"))
    assert small.status_code == 200
    db.session.rollback()
    from assembly.agenda.models import Person, Room, Session, Theme

    # Replace the fixture's venue by the whole demo agenda.
    for model in (Session, Person, Room, Theme):
        for row in db.session.scalars(db.select(model)):
            db.session.delete(row)
        db.session.flush()
    db.session.commit()
    demo.seed(event)
    db.session.commit()
    for day in ("2017-09-26", "2017-09-28"):
        page, queries = count_queries(lambda day=day: client.get(f"/agenda?day={day}"))
        assert page.status_code == 200 and page.text.count("agenda-card") > 20
        # event, rooms, themes, sessions, their rooms, themes, categories, people,
        # persons, seat counts: one query each, whatever the number of sessions.
        assert len(queries) == len(small_queries) <= 10, queries
