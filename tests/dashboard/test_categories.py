"""/admin/categories: admins add, edit and delete participant categories."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from assembly.badges.models import Badge
from assembly.badges.services import select_participants
from assembly.core.audit import AuditLog
from assembly.core.db import utcnow
from assembly.extensions import db
from assembly.registration.models import Category, Participant
from tests import factories


def _category(name: str) -> Category | None:
    db.session.expire_all()
    return db.session.scalars(select(Category).where(Category.name == name)).first()


def _form(category: Category | None = None, **changes) -> dict:
    data = {
        "name": category.name if category else "",
        "color": category.color if category else "#1f4e79",
        "delegation_limit": category.delegation_limit if category else "",
        "sort_order": category.sort_order if category else "",
        "counts_toward_quota": "y" if category and category.counts_toward_quota else "",
        "is_head": "y" if category and category.is_head else "",
        "needs_confirmation": "y" if category and category.needs_confirmation else "",
    }
    data.update(changes)
    # An unchecked box is not sent at all; "no limit" is an empty field.
    return {k: ("" if v is None else v) for k, v in data.items() if v != "" or k in ("name",)}


def _audit(action: str) -> list[AuditLog]:
    return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


@pytest.fixture
def admin(event, login):
    factories.category()  # the default set
    return login(factories.make_user("admin", email="organizer@example.org"))


def test_the_list_shows_every_category_with_its_use(client, admin, event):
    factories.make_participant(event, "CHN", category_name="Guest")
    page = client.get("/admin/categories").get_data(as_text=True)
    for name in ("Head of Delegation", "Delegate", "Observer", "Guest", "Media", "Security"):
        assert name in page
    assert "#6a1b9a" in page and "no limit" in page
    assert 'type="color"' in page


def test_a_fresh_site_lists_the_defaults_and_keeps_them(client, event, login):
    login(factories.make_user("admin"))
    page = client.get("/admin/categories").get_data(as_text=True)
    delegate = _category("Delegate")
    assert delegate is not None and f"/admin/categories/{delegate.id}" in page


def test_admin_adds_a_category_with_a_limit(client, admin):
    response = client.post(
        "/admin/categories",
        data=_form(name="Interpreter", color="#00AA88", delegation_limit="2"),
    )
    assert response.status_code == 302
    new = _category("Interpreter")
    assert new.color == "#00aa88" and new.delegation_limit == 2
    assert not new.counts_toward_quota and not new.needs_confirmation and not new.is_head
    assert new.sort_order > _category("Security").sort_order
    (entry,) = _audit("category.create")
    assert entry.before is None and entry.after["name"] == "Interpreter"
    assert entry.actor_label == "organizer@example.org" and entry.object_id == new.id


def test_admin_edits_flags_and_clears_the_limit(client, admin):
    guest = _category("Guest")
    guest.delegation_limit = 3
    db.session.commit()
    response = client.post(
        f"/admin/categories/{guest.id}",
        data=_form(guest, delegation_limit="", needs_confirmation="", sort_order="9"),
    )
    assert response.status_code == 302
    guest = _category("Guest")
    assert guest.delegation_limit is None and not guest.needs_confirmation
    assert guest.sort_order == 9
    (entry,) = _audit("category.update")
    assert entry.before["delegation_limit"] == 3 and entry.after["delegation_limit"] is None


def test_an_unchanged_save_writes_no_audit_entry(client, admin):
    media = _category("Media")
    assert client.post(f"/admin/categories/{media.id}", data=_form(media)).status_code == 302
    assert _audit("category.update") == []


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "delegate"}, "name", "There is already a category called Delegate."),
        ({"color": "red"}, "color", "The colour must look like #1f4e79."),
        ({"color": "#12345"}, "color", "The colour must look like #1f4e79."),
        ({"delegation_limit": "-1"}, "delegation_limit", "Give a number from 0 to 500"),
        ({"delegation_limit": "many"}, "delegation_limit", "Not a valid integer value."),
        (
            {"is_head": "y", "counts_toward_quota": "y"},
            "is_head",
            "Head of Delegation is already the Head of Delegation&#39;s category",
        ),
        ({"is_head": "y"}, "is_head", "must count toward the quota"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_saved(
    client, admin, changes, field, message
):
    guest = _category("Guest")
    saved = (guest.name, guest.color, guest.delegation_limit, guest.is_head)
    response = client.post(f"/admin/categories/{guest.id}", data=_form(guest, **changes))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(rf'class="[^"]*is-invalid[^"]*" id="{field}"', page), field
    assert message in page
    guest = _category("Guest")
    assert (guest.name, guest.color, guest.delegation_limit, guest.is_head) == saved
    assert _audit("category.update") == []


def test_a_category_in_use_cannot_stop_being_the_heads(client, admin, event):
    head = _category("Head of Delegation")
    factories.make_participant(event, "CHN", category_name="Head of Delegation")
    response = client.post(f"/admin/categories/{head.id}", data=_form(head, is_head=""))
    assert response.status_code == 400
    assert "cannot change now" in response.get_data(as_text=True)
    assert _category("Head of Delegation").is_head


def test_an_unused_category_is_deleted_and_the_defaults_do_not_come_back(client, admin):
    security_id = _category("Security").id
    response = client.post(f"/admin/categories/{security_id}/delete", follow_redirects=True)
    assert "Category Security deleted." in response.get_data(as_text=True)
    assert _category("Security") is None
    (entry,) = _audit("category.delete")
    assert entry.before["name"] == "Security" and entry.object_id == security_id
    # Neither the list nor the public form brings a deleted default back.
    client.get("/admin/categories")
    client.get("/register")
    assert _category("Security") is None


def test_a_category_in_use_is_not_deleted(client, admin, event):
    factories.make_participant(event, "CHN", category_name="Media", state="withdrawn")
    media = _category("Media")
    response = client.post(f"/admin/categories/{media.id}/delete", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Media cannot be deleted: 1 registration uses it." in page
    assert _category("Media") is not None and _audit("category.delete") == []


def test_a_category_sessions_are_restricted_to_is_not_deleted(client, admin, event):
    from datetime import datetime

    from assembly.agenda.models import CATEGORIES, Room
    from assembly.agenda.models import Session as AgendaSession

    guest = _category("Guest")
    room = Room(event_id=event.id, name="Hall A", capacity=100)
    start = datetime(2017, 9, 26, 2, 0, tzinfo=utcnow().tzinfo)
    session = AgendaSession(
        event_id=event.id,
        title="Guests' briefing",
        room=room,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        audience=CATEGORIES,
        categories=[guest],
    )
    db.session.add_all([room, session])
    db.session.commit()
    response = client.post(f"/admin/categories/{guest.id}/delete", follow_redirects=True)
    assert "1 agenda session is restricted to it" in response.get_data(as_text=True)
    assert _category("Guest") is not None


def test_a_new_colour_marks_approved_badges_for_reprint_only(client, admin, event):
    printed_at = utcnow() - timedelta(days=1)
    approved = factories.make_participant(event, "CHN", state="approved", category_name="Guest")
    waiting = factories.make_participant(event, "ESP", state="submitted", category_name="Guest")
    other = factories.make_participant(event, "FRA", state="approved", category_name="Media")
    for p in (approved, other):
        db.session.add(Badge(participant_id=p.id, version=1, printed_at=printed_at))
    db.session.commit()
    assert select_participants(event, changed=True) == []

    guest = _category("Guest")
    response = client.post(
        f"/admin/categories/{guest.id}", data=_form(guest, color="#ff0000"), follow_redirects=True
    )
    assert "1 approved badge is marked for reprint." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [p.id for p in select_participants(event, changed=True)] == [approved.id]
    # The person's details did not change: the approval stands, nobody is mailed.
    assert db.session.get(Participant, approved.id).state == "approved"
    assert db.session.get(Participant, waiting.id).badge_changed_at is None
    assert db.session.get(Participant, other.id).badge_changed_at is None
    (entry,) = _audit("category.update")
    assert entry.before["color"] == "#6a1b9a" and entry.after["color"] == "#ff0000"
    assert entry.after["badges_to_reprint"] == 1


def test_a_new_name_marks_badges_and_a_new_limit_does_not(client, admin, event):
    approved = factories.make_participant(event, "CHN", state="approved", category_name="Guest")
    guest = _category("Guest")
    client.post(f"/admin/categories/{guest.id}", data=_form(guest, delegation_limit="4"))
    assert db.session.get(Participant, approved.id).badge_changed_at is None
    guest = _category("Guest")
    client.post(f"/admin/categories/{guest.id}", data=_form(guest, name="Special guest"))
    db.session.expire_all()
    assert db.session.get(Participant, approved.id).badge_changed_at is not None
    assert db.session.get(Participant, approved.id).category.name == "Special guest"


def test_a_limit_set_here_holds_when_the_focal_point_confirms(client, admin, event, login):
    guest = _category("Guest")
    response = client.post(f"/admin/categories/{guest.id}", data=_form(guest, delegation_limit="1"))
    assert response.status_code == 302
    factories.make_participant(event, "CHN", state="confirmed", category_name="Guest")
    second = factories.make_participant(event, "CHN", category_name="Guest")
    client.post("/logout")
    login(factories.make_user("focal_point", country="CHN"))
    response = client.post(
        f"/delegation/participants/{second.id}/transition",
        data={"to": "confirmed"},
        follow_redirects=True,
    )
    assert "limit of 1 confirmed participants in the category Guest" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Participant, second.id).state == "submitted"


@pytest.mark.parametrize("role", ["officer", "focal_point", "checkin"])
def test_other_roles_are_refused(client, login, event, role):
    factories.category()
    media = _category("Media")
    login(factories.make_user(role, country="CHN" if role == "focal_point" else None))
    assert client.get("/admin/categories").status_code == 403
    assert client.post("/admin/categories", data=_form(name="Press")).status_code == 403
    assert client.get(f"/admin/categories/{media.id}").status_code == 403
    assert (
        client.post(f"/admin/categories/{media.id}", data=_form(media, color="#000000")).status_code
        == 403
    )
    assert client.post(f"/admin/categories/{media.id}/delete").status_code == 403
    assert _category("Press") is None and _category("Media").color == "#ef6c00"


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    factories.category()
    media = _category("Media")
    for method, url in [
        ("GET", "/admin/categories"),
        ("POST", f"/admin/categories/{media.id}"),
        ("POST", f"/admin/categories/{media.id}/delete"),
    ]:
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _category("Media") is not None


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["WTF_CSRF_ENABLED"] = True
        return app_config

    def test_posts_without_the_token_change_nothing(self, client, event):
        factories.category()
        admin = factories.make_user("admin")
        factories.sign_in_with_csrf(client, admin)
        media = _category("Media")
        assert client.post("/admin/categories", data=_form(name="Press")).status_code == 400
        assert client.post(f"/admin/categories/{media.id}/delete").status_code == 400
        assert _category("Press") is None and _category("Media") is not None

        page = client.get("/admin/categories").get_data(as_text=True)
        token = factories.csrf_token(page)
        response = client.post("/admin/categories", data=_form(name="Press", csrf_token=token))
        assert response.status_code == 302 and _category("Press") is not None
