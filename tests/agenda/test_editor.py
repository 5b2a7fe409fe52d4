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
    client.post(f"/admin/agenda/sessions/{s.id}/cancel", data={"reason": "Speaker ill"})
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


def test_moving_a_published_session_into_a_conflict_needs_an_override(
    client, login, event, venue, make_session, outbox
):
    from assembly.agenda import services
    from assembly.core.audit import AuditLog

    admin = login(factories.make_user("admin"))
    make_session("Darknet markets", "2017-09-27 11:00", "2017-09-27 12:00", room="pearl")
    moving = make_session("Ransomware", "2017-09-27 14:00", "2017-09-27 15:00", room="hall")
    delegate = factories.make_participant(event, "CHN", state="approved")
    services.sign_up(delegate, moving.id)
    db.session.commit()
    into_pearl = {"start": "2017-09-27T11:00", "room_id": str(venue["rooms"]["pearl"].id)}
    url = f"/admin/agenda/sessions/{moving.id}/move"

    refused = client.post(url, data=into_pearl, follow_redirects=True)
    assert "Not saved" in refused.text and "Pearl Room is booked twice" in refused.text
    no_reason = client.post(url, data={**into_pearl, "force": "y"}, follow_redirects=True)
    assert "Give the reason" in no_reason.text
    db.session.expire_all()
    unmoved = db.session.get(AgendaSession, moving.id)
    assert unmoved.room_id == venue["rooms"]["hall"].id and unmoved.sequence == 0
    assert outbox(delegate.email) == []

    reason = "Hall closed for rehearsal; both fit in Pearl"
    moved = client.post(
        url, data={**into_pearl, "force": "y", "reason": reason}, follow_redirects=True
    )
    assert "moved" in moved.text
    db.session.expire_all()
    assert db.session.get(AgendaSession, moving.id).room_id == venue["rooms"]["pearl"].id
    entry = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "agenda.session_updated_with_conflicts")
    ).one()
    assert entry.reason == reason and entry.actor_id == admin.id
    assert "Pearl Room is booked twice" in entry.after["conflicts"][0]
    assert [m.kind for m in outbox(delegate.email)] == ["agenda_changed"]


def test_editing_a_published_session_into_a_conflict_offers_the_override(
    client, login, event, venue, make_session
):
    login(factories.make_user("admin"))
    make_session("Darknet markets", "2017-09-27 11:00", "2017-09-27 12:00", room="pearl")
    s = make_session("Ransomware", "2017-09-27 11:30", "2017-09-27 12:30", room="hall")
    data = form(venue, title="Ransomware", start="11:30", end="12:30")  # into Pearl Room
    page = client.post(f"/admin/agenda/sessions/{s.id}", data=data)
    assert page.status_code == 200 and "Not saved" in page.text
    assert 'name="force"' in page.text and 'name="reason"' in page.text
    db.session.expire_all()
    assert db.session.get(AgendaSession, s.id).room_id == venue["rooms"]["hall"].id
    saved = client.post(
        f"/admin/agenda/sessions/{s.id}",
        data={**data, "force": "y", "reason": "Joint session"},
        follow_redirects=True,
    )
    assert "saved" in saved.text
    db.session.expire_all()
    assert db.session.get(AgendaSession, s.id).room_id == venue["rooms"]["pearl"].id
    # A conflict it already has is not the next change's: a new title saves plainly.
    retitled = client.post(
        f"/admin/agenda/sessions/{s.id}", data={**data, "title": "Ransomware (joint)"}
    )
    assert retitled.status_code == 302


def test_a_draft_moved_into_a_conflict_is_saved_with_a_warning(
    client, login, event, venue, make_session
):
    login(factories.make_user("admin"))
    make_session("Darknet markets", "2017-09-27 11:00", "2017-09-27 12:00", room="pearl")
    draft = make_session("Draft", "2017-09-27 14:00", "2017-09-27 15:00", state="draft")
    response = client.post(
        f"/admin/agenda/sessions/{draft.id}/move",
        data={"start": "2017-09-27T11:00", "room_id": str(venue["rooms"]["pearl"].id)},
        follow_redirects=True,
    )
    assert "moved" in response.text and "Conflict:" in response.text


def test_cancelling_a_published_session_asks_for_a_reason_first(
    client, login, event, make_session, outbox
):
    from assembly.agenda import services
    from assembly.core.audit import AuditLog

    login(factories.make_user("admin"))
    s = make_session("Maritime piracy", room="pearl")
    delegate = factories.make_participant(event, "CHN", state="approved")
    services.sign_up(delegate, s.id)
    db.session.commit()
    url = f"/admin/agenda/sessions/{s.id}/cancel"
    overview = client.get("/admin/agenda").text
    assert "Cancel session" in overview and f'action="{url}"' not in overview  # no one-click
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Cancel session" in confirm.text
    assert 'name="reason"' in confirm.text and "1 participant(s)" in confirm.text
    no_reason = client.post(url, data={"reason": " "})
    assert no_reason.status_code == 200 and "This field is required" in no_reason.text
    db.session.expire_all()
    assert db.session.get(AgendaSession, s.id).state == "published" and outbox() == []
    done = client.post(url, data={"reason": "The speakers' flight was cancelled"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(AgendaSession, s.id).state == "cancelled"
    mail = outbox(delegate.email)[0]
    assert mail.kind == "agenda_cancelled"
    assert "The speakers' flight was cancelled" in mail.body_text
    entry = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "agenda.session_cancelled")
    ).one()
    assert entry.reason == "The speakers' flight was cancelled"


def test_deleting_a_room_or_a_theme_asks_first(client, login, event, venue, make_session):
    login(factories.make_user("admin"))
    make_session(room="pearl", themes=("terrorism",))
    room_id, theme_id = venue["rooms"]["lotus"].id, venue["themes"]["terrorism"].id
    room_url = f"/admin/agenda/rooms/{room_id}/delete"
    theme_url = f"/admin/agenda/themes/{theme_id}/delete"
    assert f'action="{room_url}"' not in client.get("/admin/agenda/rooms").text
    assert f'action="{theme_url}"' not in client.get("/admin/agenda/themes").text
    asked = client.get(room_url)
    assert asked.status_code == 200 and "Delete the room Lotus Room?" in asked.text
    asked = client.get(theme_url)
    assert "Delete the theme Terrorism?" in asked.text and "1 session(s) will lose" in asked.text
    db.session.expire_all()
    assert db.session.get(Room, room_id) is not None and db.session.get(Theme, theme_id)
    client.post(room_url)
    client.post(theme_url)
    db.session.expire_all()
    assert db.session.get(Room, room_id) is None and db.session.get(Theme, theme_id) is None
