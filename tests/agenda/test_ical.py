"""iCal feeds parsed back with icalendar and checked against the database."""

from datetime import UTC

from icalendar import Calendar
from sqlalchemy import select

from assembly.agenda import editing, ical, services
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db
from assembly.registration import links


def events_of(response):
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    return cal, {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_agenda_feed_matches_the_database(client, event, make_session):
    make_session("Opening", chairs=["Meng Hongwei 孟宏伟"])
    make_session(
        "Workshop", "2017-09-27 14:00", "2017-09-27 15:30", room="pearl", themes=("terrorism",)
    )
    make_session("Draft", room="lotus", state="draft")
    cal, items = events_of(client.get("/agenda.ics"))
    public = db.session.scalars(
        select(AgendaSession).where(AgendaSession.state == "published")
    ).all()
    assert len(items) == len(public) == 2
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"
    for s in public:
        item = next(i for i in items.values() if str(i["SUMMARY"]) == s.title)
        start = item.decoded("DTSTART")
        assert item["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert start.astimezone(UTC) == s.starts_at
        assert item.decoded("DTEND").astimezone(UTC) == s.ends_at
        assert str(item["STATUS"]) == "CONFIRMED" and int(item["SEQUENCE"]) == 0
    assert "Draft" not in {str(i["SUMMARY"]) for i in items.values()}


def test_uids_stable_sequence_raised_and_cancelled(client, event, make_session):
    session = make_session("Moving", room="pearl")
    _, before = events_of(client.get("/agenda.ics"))
    editing.move_session(event, session, "2017-09-26T16:00", session.room_id)
    db.session.commit()
    _, after = events_of(client.get("/agenda.ics"))
    assert list(before) == list(after)
    uid = next(iter(after))
    assert int(after[uid]["SEQUENCE"]) == 1
    assert after[uid].decoded("DTSTART").astimezone(UTC) == session.starts_at
    assert after[uid].decoded("DTSTART").hour == 16
    editing.cancel_session(session)
    db.session.commit()
    _, cancelled = events_of(client.get("/agenda.ics"))
    assert list(cancelled) == [uid]
    assert str(cancelled[uid]["STATUS"]) == "CANCELLED" and int(cancelled[uid]["SEQUENCE"]) == 2


def test_theme_single_and_personal_feeds(client, event, make_session, approved):
    cyber = make_session("Cyber one")
    terror = make_session("Terror one", room="pearl", themes=("terrorism",))
    _, items = events_of(client.get("/agenda.ics?theme=terrorism"))
    assert [str(i["SUMMARY"]) for i in items.values()] == ["Terror one"]
    assert client.get("/agenda.ics?theme=unknown").status_code == 404
    _, items = events_of(client.get(f"/agenda/{cyber.id}.ics"))
    assert [str(i["SUMMARY"]) for i in items.values()] == ["Cyber one"]
    p = approved()
    services.sign_up(p, terror.id)
    db.session.commit()
    _, items = events_of(client.get(f"/my/{ical.feed_token(p)}/agenda.ics"))
    assert [str(i["SUMMARY"]) for i in items.values()] == ["Terror one"]
    assert client.get("/my/bad/agenda.ics").status_code == 404


def test_personal_feed_has_its_own_token_not_the_private_link(
    client, event, make_session, approved
):
    from assembly.registration.models import Participant

    make_session("Mine")
    p = approved()
    private = links.make_token(p)
    page = client.get(f"/my/{private}/agenda")
    feed_url = f"/my/{ical.feed_token(p)}/agenda.ics"
    assert feed_url in page.text and f"/my/{private}/agenda.ics" not in page.text
    assert client.get(f"/my/{private}/agenda.ics").status_code == 404
    assert client.get(feed_url).status_code == 200
    # The feed's token opens nothing else: not the personal agenda, not the private page.
    assert client.get(f"/my/{ical.feed_token(p)}/agenda").status_code == 404
    assert client.get(f"/my/{ical.feed_token(p)}").status_code == 404
    # A new private link retires the old feed URL too.
    db.session.get(Participant, p.id).link_version += 1
    db.session.commit()
    assert client.get(feed_url).status_code == 404


def test_the_feed_url_stays_the_same_across_visits(event, approved, monkeypatch):
    # Calendar apps subscribe to the URL: a timestamp in the token would change it
    # on every visit (and made the page's URL differ from one made a second later).
    p = approved()
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: 1_500_000_000)
    first = ical.feed_token(p)
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: 1_600_000_000)
    assert ical.feed_token(p) == first
    assert ical.participant_from_feed_token(first).id == p.id


def test_waiting_list_places_are_tentative_in_the_personal_feed(
    client, event, make_session, approved
):
    full = make_session("Full one", room="lotus")
    seated = make_session("Seated one", "2017-09-27 09:00", "2017-09-27 10:00")
    for _ in range(2):
        services.sign_up(approved(), full.id)
    p = approved()
    services.sign_up(p, full.id)
    services.sign_up(p, seated.id)
    db.session.commit()
    _, items = events_of(client.get(f"/my/{ical.feed_token(p)}/agenda.ics"))
    by_status = {str(i["STATUS"]): str(i["SUMMARY"]) for i in items.values()}
    assert by_status == {"TENTATIVE": "Full one (waiting list)", "CONFIRMED": "Seated one"}


def test_unchanged_feed_answers_not_modified(client, event, make_session):
    make_session("Polled")
    first = client.get("/agenda.ics")
    again = client.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
