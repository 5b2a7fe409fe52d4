"""Publishing: refused with conflicts, the admin override audited, versions and changelog."""

import pytest
from sqlalchemy import select

from assembly.agenda import editing, publishing, services, validation
from assembly.agenda.models import AgendaVersion
from assembly.agenda.models import Session as AgendaSession
from assembly.core.audit import AuditLog
from assembly.extensions import db
from tests import factories
from tests.agenda.conftest import local


def test_publish_refused_while_conflicts_remain_naming_them(event, make_session):
    make_session("Darknet markets", room="pearl", state="draft")
    make_session("Telecom fraud", room="pearl", state="draft")
    with pytest.raises(publishing.PublishRefused) as refused:
        publishing.publish(event)
    assert "Pearl Room" in refused.value.message and "Telecom fraud" in refused.value.message
    assert [c["kind"] for c in refused.value.conflicts] == ["room_double_booked"]
    db.session.rollback()
    assert db.session.scalars(select(AgendaVersion)).all() == []
    assert {s.state for s in db.session.scalars(select(AgendaSession))} == {"draft"}


def test_override_needs_a_reason(event, make_session):
    make_session("A", room="pearl", state="draft")
    make_session("B", room="pearl", state="draft")
    with pytest.raises(publishing.PublishRefused, match="reason"):
        publishing.publish(event, force=True, reason=" ")


def test_admin_override_with_reason_is_audited(client, login, event, make_session):
    make_session("A", room="pearl", state="draft")
    make_session("B", room="pearl", state="draft")
    admin = login(factories.make_user("admin"))
    refused = client.post("/admin/agenda/publish", data={}, follow_redirects=True)
    assert "Publishing refused" in refused.text and "Pearl Room" in refused.text
    response = client.post(
        "/admin/agenda/publish",
        data={"force": "y", "reason": "Room swap agreed with the venue"},
        follow_redirects=True,
    )
    assert "Version 1 of the agenda is published" in response.text
    db.session.expire_all()
    entry = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "agenda.published_with_conflicts")
    ).one()
    assert entry.reason == "Room swap agreed with the venue" and entry.actor_id == admin.id
    assert "Pearl Room" in entry.after["conflicts"][0]
    version = db.session.scalars(select(AgendaVersion)).one()
    assert version.override_reason == "Room swap agreed with the venue"


def test_versions_list_added_moved_and_cancelled(client, event, make_session, venue):
    keep = make_session("Kept", state="draft")
    move = make_session("Moved one", room="pearl", state="draft")
    drop = make_session("Dropped", room="lotus", state="draft")
    assert publishing.publish(event).number == 1
    db.session.commit()
    clean, _ = validation.validate_session(
        event, {"starts_at": "2017-09-27T14:00", "ends_at": "2017-09-27T15:00"}, current=move
    )
    editing.save_session(event, move, clean)
    editing.cancel_session(drop)
    make_session("New one", "2017-09-28 09:00", "2017-09-28 10:00", state="draft")
    version = publishing.publish(event)
    db.session.commit()
    assert version.number == 2
    changes = {(c.kind, c.title) for c in version.changes}
    assert changes == {("moved", "Moved one"), ("cancelled", "Dropped"), ("added", "New one")}
    assert keep.state == "published"
    page = client.get("/agenda/changes")
    assert "Version 2" in page.text and "Moved one" in page.text and "Dropped" in page.text
    assert "Wed 27 Sep 14:00" in page.text


def test_publishing_after_the_demo_seed_moves_nothing(event):
    from assembly.agenda import demo
    from assembly.agenda.models import MOVED

    demo.seed(event)  # builds sessions in event time (+08:00), publishes version 1
    db.session.commit()
    db.session.expire_all()  # the next publication reads the times back, in UTC
    version = publishing.publish(event, force=True, reason="demo drafts")
    db.session.commit()
    assert version.number == 2
    assert [c.title for c in version.changes if c.kind == MOVED] == []
    assert {c.kind for c in version.changes} <= {"added"}


def test_snapshots_of_old_versions_in_event_time_compare_by_moment(event, make_session):
    from datetime import timedelta

    session = make_session("Kept in place")
    first = publishing.publish(event)
    snapshot = dict(first.snapshot)
    snapshot[str(session.id)] = {  # in event time, as the demo seed's version 1 has them
        **snapshot[str(session.id)],
        "starts_at": event.to_local(session.starts_at).isoformat(),
        "ends_at": event.to_local(session.ends_at).isoformat(),
    }
    first.snapshot = snapshot
    db.session.commit()
    assert publishing.publish(event).changes == []
    db.session.commit()
    session.starts_at += timedelta(hours=1)
    session.ends_at += timedelta(hours=1)
    db.session.commit()
    assert [c.kind for c in publishing.publish(event).changes] == ["moved"]


def test_change_mails_go_to_who_signed_up(event, make_session, approved, outbox):
    session = make_session("Asset recovery", room="pearl")
    seated, other = approved(language="fr"), approved()
    services.sign_up(seated, session.id)
    db.session.commit()
    editing.save_session(event, session, {"title": "Asset recovery (updated)"})
    db.session.commit()
    assert outbox() == []  # a new title is no move: no mail, but a new SEQUENCE
    assert session.sequence == 1
    editing.move_session(event, session, local(event, "2017-09-26 15:00"), session.room_id)
    db.session.commit()
    mails = outbox(seated.email)
    assert [m.kind for m in mails] == ["agenda_changed"] and mails[0].language == "fr"
    assert "15:00" in mails[0].body_text
    editing.cancel_session(session)
    db.session.commit()
    assert [m.kind for m in outbox(seated.email)] == ["agenda_changed", "agenda_cancelled"]
    assert outbox(other.email) == []
    assert session.sequence == 3


def test_drafts_are_deleted_published_sessions_cancelled(event, make_session):
    draft = make_session(state="draft")
    published = make_session(room="pearl")
    with pytest.raises(services.AgendaError, match="cancel it instead"):
        editing.delete_session(published)
    editing.delete_session(draft)
    db.session.commit()
    assert db.session.get(AgendaSession, draft.id) is None


def test_validation_messages(event, venue):
    _, errors = validation.validate_session(
        event,
        {
            "title": "",
            "starts_at": "soon",
            "ends_at": "2017-09-26T09:00",
            "room_id": 999,
            "capacity": 0,
            "themes": ["nope"],
            "audience": "categories",
            "type": "party",
        },
    )
    assert set(errors) >= {
        "title",
        "starts_at",
        "room_id",
        "capacity",
        "themes",
        "type",
        "categories",
    }
    _, errors = validation.validate_session(
        event, {"title": "x", "starts_at": "2017-09-26T10:00", "ends_at": "2017-09-26T09:00"}
    )
    assert errors == {"ends_at": ["must be after the start"]}


def test_saving_an_unchanged_session_keeps_its_sequence(event, make_session):
    session = make_session("Same", speakers=["Jürgen Stock"])
    clean, errors = validation.validate_session(
        event,
        {
            "title": "Same",
            "starts_at": "2017-09-26T09:00",
            "ends_at": "2017-09-26T10:00",
            "speakers": [{"name": "Jürgen Stock"}],
        },
        current=session,
    )
    assert errors == {}
    editing.save_session(event, session, clean)
    assert session.sequence == 0
    editing.save_session(event, session, {"languages": ["en"]})
    assert session.sequence == 1
