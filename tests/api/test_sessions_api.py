"""The agenda's JSON API: public reads with filters and paging; staff writes with the
editor's validation and 422 listing the conflicts."""

from datetime import datetime

import pytest
from sqlalchemy import select

from assembly.agenda.models import Room, Theme
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db
from tests import factories


@pytest.fixture
def agenda(event):
    """Two themes, two rooms and four sessions (one a draft) of the demo event."""
    cyber = Theme(event_id=event.id, name="Cybercrime", slug="cybercrime", color="#1565c0")
    drugs = Theme(event_id=event.id, name="Drugs", slug="drugs", color="#ad1457")
    hall = Room(event_id=event.id, name="Plenary Hall", capacity=500, sort_order=0)
    pearl = Room(event_id=event.id, name="Pearl Room", capacity=20, sort_order=1)

    def add(title, start, end, room, theme, state="published"):
        tz = event.tz
        db.session.add(
            AgendaSession(
                event_id=event.id,
                title=title,
                room=room,
                themes=[theme],
                state=state,
                starts_at=datetime.fromisoformat(start).replace(tzinfo=tz),
                ends_at=datetime.fromisoformat(end).replace(tzinfo=tz),
            )
        )

    add("Darknet markets", "2017-09-26 09:00", "2017-09-26 10:00", hall, cyber)
    add("Synthetic drugs", "2017-09-26 09:00", "2017-09-26 10:00", pearl, drugs)
    add("Ransomware", "2017-09-27 00:30", "2017-09-27 01:30", pearl, cyber)
    add("Secret draft", "2017-09-28 09:00", "2017-09-28 10:00", hall, cyber, state="draft")
    db.session.commit()
    return {"hall": hall, "pearl": pearl}


@pytest.fixture
def admin_headers(app):
    return {"Authorization": f"Bearer {factories.make_token(factories.make_user('admin'))}"}


def titles(response):
    assert response.status_code == 200, response.json
    return [s["title"] for s in response.json["items"]]


def test_lists_published_sessions_only_in_time_order(client, agenda):
    body = client.get("/api/v1/sessions").json
    assert body["total"] == 3 and body["page"] == 1
    assert [s["title"] for s in body["items"]] == [
        "Darknet markets",
        "Synthetic drugs",
        "Ransomware",
    ]
    first = body["items"][0]
    assert first["starts_at"] == "2017-09-26T01:00:00Z"
    assert first["local_start"] == "2017-09-26T09:00:00+08:00"
    assert first["room"] == "Plenary Hall" and first["capacity"] == 500
    assert first["seats_left"] == 500 and first["themes"] == ["cybercrime"]


def test_filters_day_theme_room(client, agenda):
    # 00:30 on the 27th in Beijing is still the 26th in UTC: days are the event's days.
    assert titles(client.get("/api/v1/sessions?day=2017-09-27")) == ["Ransomware"]
    assert titles(client.get("/api/v1/sessions?theme=drugs")) == ["Synthetic drugs"]
    room = agenda["pearl"].id
    assert titles(client.get(f"/api/v1/sessions?room={room}")) == ["Synthetic drugs", "Ransomware"]
    assert titles(client.get(f"/api/v1/sessions?theme=cybercrime&room={room}")) == ["Ransomware"]
    bad = client.get("/api/v1/sessions?day=tomorrow&theme=nope&room=x")
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"day", "theme", "room"}


def test_paging(client, agenda):
    body = client.get("/api/v1/sessions?per_page=2&page=2").json
    assert body["total"] == 3 and body["per_page"] == 2
    assert [s["title"] for s in body["items"]] == ["Ransomware"]
    assert client.get("/api/v1/sessions?per_page=0").status_code == 422


def test_one_session_drafts_hidden_from_public(client, agenda, admin_headers):
    ids = {s.title: s.id for s in db.session.scalars(select(AgendaSession))}
    assert client.get(f"/api/v1/sessions/{ids['Darknet markets']}").json["title"] == (
        "Darknet markets"
    )
    assert client.get(f"/api/v1/sessions/{ids['Secret draft']}").status_code == 404
    staff = client.get(f"/api/v1/sessions/{ids['Secret draft']}", headers=admin_headers)
    assert staff.status_code == 200 and staff.json["state"] == "draft"


def test_themes_and_rooms(client, agenda):
    themes = client.get("/api/v1/themes").json
    assert themes["total"] == 2 and {t["slug"] for t in themes["items"]} == {"cybercrime", "drugs"}
    rooms = client.get("/api/v1/rooms?per_page=1").json
    assert rooms["total"] == 2 and rooms["items"][0]["name"] == "Plenary Hall"
    assert rooms["items"][0]["opens_at"] == "08:00"


def test_staff_creates_and_updates_a_session(client, agenda, admin_headers):
    body = {
        "title": "Maritime piracy",
        "type": "workshop",
        "starts_at": "2017-09-28T14:00",
        "ends_at": "2017-09-28T15:30",
        "room_id": agenda["pearl"].id,
        "themes": ["drugs"],
        "languages": ["en", "fr"],
        "speakers": [{"name": "Sophie Laurent", "affiliation": "INTERPOL"}],
    }
    created = client.post("/api/v1/sessions", json=body, headers=admin_headers)
    assert created.status_code == 201, created.json
    assert created.json["state"] == "draft" and created.json["starts_at"] == (
        "2017-09-28T06:00:00Z"
    )
    assert created.json["speakers"][0]["name"] == "Sophie Laurent"
    sid = created.json["id"]
    patched = client.patch(f"/api/v1/sessions/{sid}", json={"capacity": 10}, headers=admin_headers)
    assert patched.status_code == 200 and patched.json["capacity"] == 10


def test_validation_errors_are_422_by_field(client, agenda, admin_headers):
    response = client.post(
        "/api/v1/sessions",
        json={
            "title": "",
            "starts_at": "2017-09-28T15:00",
            "ends_at": "2017-09-28T14:00",
            "type": "party",
            "colour": "red",
        },
        headers=admin_headers,
    )
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert {"title", "ends_at", "type", "colour"} <= set(fields)


def test_conflicts_are_422_listed_and_nothing_saved(client, agenda, admin_headers):
    response = client.post(
        "/api/v1/sessions",
        json={
            "title": "Clash",
            "starts_at": "2017-09-26T09:30",
            "ends_at": "2017-09-26T10:30",
            "room_id": agenda["hall"].id,
        },
        headers=admin_headers,
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "conflicts"
    assert [c["kind"] for c in error["conflicts"]] == ["room_double_booked"]
    assert "Darknet markets" in error["conflicts"][0]["message"]
    db.session.expire_all()
    assert (
        db.session.scalars(select(AgendaSession).where(AgendaSession.title == "Clash")).first()
        is None
    )
    ransomware = db.session.scalars(
        select(AgendaSession).where(AgendaSession.title == "Ransomware")
    ).one()
    moved = client.patch(
        f"/api/v1/sessions/{ransomware.id}",
        json={"starts_at": "2017-09-26T09:00+08:00", "ends_at": "2017-09-26T10:00+08:00"},
        headers=admin_headers,
    )
    assert moved.status_code == 422 and moved.json["error"]["conflicts"][0]["kind"] == (
        "room_double_booked"
    )


def test_writes_need_an_admin_token(client, agenda):
    assert client.post("/api/v1/sessions", json={}).status_code == 401
    officer = factories.make_token(factories.make_user("officer"))
    response = client.post(
        "/api/v1/sessions", json={}, headers={"Authorization": f"Bearer {officer}"}
    )
    assert response.status_code == 403


def test_openapi_lists_the_agenda_paths(client):
    paths = client.get("/api/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/sessions"])
    assert {"get", "patch"} <= set(paths["/api/v1/sessions/{session_id}"])
    assert "/api/v1/themes" in paths and "/api/v1/rooms" in paths
