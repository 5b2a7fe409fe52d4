"""The organizers' editor: sessions, rooms and themes through the pages."""

from sqlalchemy import select

from assembly.agenda.models import Room, Theme
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db
from tests import factories


def form(venue, **overrides):
    data = {
        "title": "Piracy in the Gulf of Guinea",
        "description": "Evidence from the sea.",
        "type": "workshop",
        "day": "2017-09-27",
        "start": "11:00",
        "end": "12:30",
        "room_id": str(venue["rooms"]["pearl"].id),
        "capacity": "",
        "languages": ["en", "fr"],
        "themes": ["cybercrime"],
        "audience": "everyone",
        "chairs": "Sophie Laurent | Head, Maritime Security | INTERPOL",
        "speakers": "Kwame Mensah | Commissioner | Ghana\nأحمد حسن | Major General | Egypt",
    }
    data.update(overrides)
    return data


def test_create_session_then_saving_shows_conflicts(client, login, event, venue, make_session):
    login(factories.make_user("admin"))
    make_session("Already there", "2017-09-27 11:30", "2017-09-27 12:00", room="pearl")
    response = client.post("/admin/agenda/sessions/new", data=form(venue), follow_redirects=True)
    assert response.status_code == 200
    assert "saved" in response.text and "Pearl Room is booked twice" in response.text
    db.session.expire_all()
    session = db.session.scalars(
        select(AgendaSession).where(AgendaSession.title == "Piracy in the Gulf of Guinea")
    ).one()
    assert session.state == "draft"
    assert event.to_local(session.starts_at).strftime("%d %H:%M") == "27 11:00"
    assert session.starts_at.utcoffset().total_seconds() == 0
    assert [p.name for p in session.people_in("speaker")] == ["Kwame Mensah", "أحمد حسن"]
    assert session.people_in("chair")[0].affiliation == "INTERPOL"


def test_bad_input_shows_message_beside_field(client, login, event, venue):
    login(factories.make_user("admin"))
    response = client.post(
        "/admin/agenda/sessions/new", data=form(venue, start="13:00", end="12:00")
    )
    assert response.status_code == 200 and "must be after the start" in response.text
    assert "Piracy in the Gulf of Guinea" in response.text  # what was typed is kept
    assert db.session.scalars(select(AgendaSession)).all() == []


def test_edit_move_duplicate_cancel_delete(client, login, event, venue, make_session):
    login(factories.make_user("admin"))
    s = make_session("Drugs workshop", room="pearl", speakers=["Rafael Oliveira"])
    page = client.get(f"/admin/agenda/sessions/{s.id}")
    assert page.status_code == 200 and "Rafael Oliveira" in page.text
    response = client.post(
        f"/admin/agenda/sessions/{s.id}/move",
        data={"start": "2017-09-28T14:00", "room_id": str(venue["rooms"]["hall"].id)},
        follow_redirects=True,
    )
    assert "moved" in response.text
    db.session.expire_all()
    s = db.session.get(AgendaSession, s.id)
    assert event.to_local(s.starts_at).strftime("%d %H:%M") == "28 14:00"
    assert event.to_local(s.ends_at).strftime("%H:%M") == "15:00"
    assert s.room_id == venue["rooms"]["hall"].id and s.sequence == 1
    client.post(f"/admin/agenda/sessions/{s.id}/duplicate")
    db.session.expire_all()
    copy = db.session.scalars(
        select(AgendaSession).where(AgendaSession.title == "Drugs workshop (copy)")
    ).one()
    assert copy.state == "draft" and [p.name for p in copy.people_in("speaker")] == [
        "Rafael Oliveira"
    ]
    copy_id = copy.id
    refused = client.post(f"/admin/agenda/sessions/{s.id}/delete", follow_redirects=True)
    assert "cancel it instead" in refused.text
    client.post(f"/admin/agenda/sessions/{s.id}/cancel")
    client.post(f"/admin/agenda/sessions/{copy_id}/delete")
    db.session.expire_all()
    assert db.session.get(AgendaSession, s.id).state == "cancelled"
    assert db.session.get(AgendaSession, copy_id) is None
    overview = client.get("/admin/agenda")
    assert overview.status_code == 200 and "Drugs workshop" in overview.text


def test_rooms_and_themes(client, login, event, venue, make_session):
    login(factories.make_user("admin"))
    response = client.post(
        "/admin/agenda/rooms",
        data={
            "name": "Jade Room",
            "capacity": "80",
            "floor": "2nd",
            "opens_at": "08:00",
            "closes_at": "20:00",
        },
        follow_redirects=True,
    )
    assert "Jade Room saved" in response.text
    bad = client.post(
        "/admin/agenda/rooms",
        data={"name": "Night Room", "capacity": "10", "opens_at": "20:00", "closes_at": "08:00"},
    )
    assert "must close after it opens" in bad.text
    in_use = make_session(room="pearl")
    refused = client.post(f"/admin/agenda/rooms/{in_use.room_id}/delete", follow_redirects=True)
    assert "still holds 1 session" in refused.text
    client.post("/admin/agenda/themes", data={"name": "Maritime piracy", "color": "#283593"})
    bad = client.post("/admin/agenda/themes", data={"name": "Drugs", "color": "red!!!"})
    assert "#1f4e79" in bad.text
    db.session.expire_all()
    assert db.session.scalars(select(Room).where(Room.name == "Jade Room")).one().capacity == 80
    theme = db.session.scalars(select(Theme).where(Theme.slug == "maritime-piracy")).one()
    assert theme.color == "#283593"
    theme_id = theme.id
    client.post(f"/admin/agenda/themes/{theme_id}/delete")
    db.session.expire_all()
    assert db.session.get(Theme, theme_id) is None


def test_officers_may_not_edit(client, login, event):
    login(factories.make_user("officer"))
    assert client.get("/admin/agenda").status_code == 403
