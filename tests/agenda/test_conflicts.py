"""Conflicts: every kind is found, and cancelled sessions conflict with nothing."""

from assembly.agenda import conflicts
from assembly.agenda.conflicts import open_conflicts


def kinds(event):
    return sorted(c["kind"] for c in open_conflicts(event))


def test_clean_agenda_has_no_conflict(event, make_session):
    make_session("A", room="hall", speakers=["Jürgen Stock"])
    make_session(
        "B", "2017-09-26 10:00", "2017-09-26 11:00", room="hall", speakers=["Jürgen Stock"]
    )
    make_session("C", room="pearl")
    assert open_conflicts(event) == []


def test_room_double_booked(event, make_session):
    a = make_session("Darknet markets", room="pearl")
    b = make_session(
        "Telecom fraud", "2017-09-26 09:30", "2017-09-26 11:00", room="pearl", state="draft"
    )
    found = open_conflicts(event)
    assert [c["kind"] for c in found] == [conflicts.ROOM_DOUBLE_BOOKED]
    assert found[0]["session_ids"] == sorted([a.id, b.id])
    assert "Pearl Room" in found[0]["message"] and "Telecom fraud" in found[0]["message"]


def test_speaker_or_chair_in_two_places(event, make_session):
    a = make_session("Opening", room="hall", chairs=["Meng Hongwei 孟宏伟"])
    b = make_session(
        "Press",
        "2017-09-26 09:45",
        "2017-09-26 10:15",
        room="pearl",
        speakers=["Meng Hongwei 孟宏伟"],
    )
    found = open_conflicts(event)
    assert [c["kind"] for c in found] == [conflicts.PERSON_DOUBLE_BOOKED]
    assert found[0]["session_ids"] == sorted([a.id, b.id])
    assert "Meng Hongwei 孟宏伟" in found[0]["message"]


def test_outside_the_event_days(event, make_session):
    make_session("Too early", "2017-09-25 09:00", "2017-09-25 10:00")
    make_session("Too late", "2017-09-30 09:00", "2017-09-30 10:00", room="pearl")
    assert kinds(event) == [conflicts.OUTSIDE_EVENT_DAYS] * 2


def test_outside_the_room_hours(event, make_session):
    s = make_session("Late night", "2017-09-26 17:30", "2017-09-26 18:30", room="lotus")
    found = open_conflicts(event)
    assert [c["kind"] for c in found] == [conflicts.OUTSIDE_ROOM_HOURS]
    assert found[0]["session_ids"] == [s.id] and "09:00–18:00" in found[0]["message"]


def test_capacity_above_the_room(event, make_session):
    make_session("Crowded", room="lotus", capacity=50)
    found = open_conflicts(event)
    assert [c["kind"] for c in found] == [conflicts.CAPACITY_ABOVE_ROOM]
    assert "50" in found[0]["message"] and "Lotus Room" in found[0]["message"]


def test_cancelled_sessions_conflict_with_nothing(event, make_session):
    make_session("Kept", room="pearl")
    make_session("Cancelled", room="pearl", state="cancelled", capacity=999)
    assert open_conflicts(event) == []


def test_conflicts_involving_one_session(event, make_session):
    a = make_session("A", room="pearl")
    make_session("B", room="pearl")
    c = make_session("C", room="lotus", capacity=10)
    assert [x["kind"] for x in conflicts.conflicts_involving(event, a.id)] == [
        conflicts.ROOM_DOUBLE_BOOKED
    ]
    assert [x["kind"] for x in conflicts.conflicts_involving(event, c.id)] == [
        conflicts.CAPACITY_ABOVE_ROOM
    ]
