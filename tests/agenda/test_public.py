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


def test_cancelled_sessions_stay_on_the_agenda_struck_through(
    client, event, make_session, approved
):
    import re

    from assembly.agenda import editing
    from assembly.registration import links

    kept = make_session("Kept talk", room="pearl")
    dropped = make_session("Dropped talk", room="lotus")
    replaced = make_session("Replaced talk", "2017-09-26 11:00", "2017-09-26 12:00")
    for s in (dropped, replaced):
        editing.cancel_session(s)
    make_session("Replacement", "2017-09-26 11:00", "2017-09-26 12:00")  # same hall, same time
    db.session.commit()
    page = client.get("/agenda").text
    cards = re.findall(r'<div class="agenda-card([^"]*)"[^>]*>(.*?)</a>', page, re.S)
    cancelled = {title.split(">")[-1] for cls, title in cards if "agenda-cancelled" in cls}
    assert cancelled == {"Dropped talk", "Replaced talk"}
    assert "Kept talk" in page and "Cancelled</span>" in page
    # The displaced one has a column of its own, after the three rooms, headed Cancelled.
    assert re.search(r'grid-column: 5">Cancelled<', page)
    assert re.search(r'grid-column: 5">\s*<div class="agenda-card agenda-cancelled', page)
    assert 'Tue 26 Sep <span class="badge text-bg-light">2</span>' in page  # live ones only
    token = links.make_token(approved())
    personal = client.get(f"/my/{token}/agenda").text
    assert "Dropped talk" in personal
    assert f"/agenda/{dropped.id}/sign-up" not in personal
    assert f"/agenda/{kept.id}/sign-up" in personal


def test_dates_read_in_the_visitors_language(client, event, make_session, approved):
    from datetime import UTC, datetime

    from assembly.agenda import publishing
    from assembly.registration import links

    session = make_session("Late talk", "2017-09-26 19:00", "2017-09-26 19:30")  # 11:00 UTC
    version = publishing.publish(event)
    version.published_at = datetime(2017, 9, 20, 16, 30, tzinfo=UTC)  # 00:30 on the 21st
    p = approved()
    services.sign_up(p, session.id)
    db.session.commit()
    french = {"Accept-Language": "fr"}
    page = client.get("/agenda", headers=french).text
    assert "mar. 26 sept." in page and "Tue 26 Sep" not in page
    page = client.get(f"/agenda/{session.id}", headers=french).text
    assert "mardi 26 septembre 2017, 19:00–19:30" in page
    page = client.get("/agenda/changes", headers=french).text
    assert "21 sept. 2017 00:30" in page  # in the event's time zone
    page = client.get(f"/my/{links.make_token(p)}/agenda", headers=french).text
    assert "mar. 26 sept. 19:00–19:30" in page
    assert "Tue 26 Sep" in client.get("/agenda").text


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
