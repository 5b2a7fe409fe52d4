"""/admin/event: admins edit the event and its registration window; the public form follows."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from assembly.badges import venue_map
from assembly.core.audit import AuditLog
from assembly.core.event import Event
from assembly.extensions import db
from tests import factories
from tests.registration.samples import image_bytes


def _event() -> Event:
    db.session.expire_all()
    return db.session.scalars(select(Event)).one()


def _form(**changes) -> dict:
    data = {
        "name": "86th INTERPOL General Assembly",
        "city": "Beijing",
        "venue": "China National Convention Center",
        "start_date": "2017-09-26",
        "end_date": "2017-09-29",
        "languages": ["en", "fr", "es", "ar"],
        "registration_opens": "2017-05-02T08:00",
        "registration_closes": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _local(moment: datetime) -> str:
    """Return `moment` as typed in the event's zone (Asia/Shanghai) into datetime-local."""
    return moment.astimezone(_event().tz).strftime("%Y-%m-%dT%H:%M")


def _audit(action: str) -> list[AuditLog]:
    return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


@pytest.fixture
def admin(event, login):
    return login(factories.make_user("admin", email="organizer@example.org"))


def test_the_page_shows_the_event_in_its_time_zone(client, admin):
    page = client.get("/admin/event").get_data(as_text=True)
    assert 'value="86th INTERPOL General Assembly"' in page
    # Opens 2017-05-02 00:00 UTC, which is 08:00 in Beijing.
    assert 'name="registration_opens" type="datetime-local" value="2017-05-02T08:00"' in page
    assert "open until an organizer closes it" in page
    assert 'href="/admin/event"' in page and 'href="/admin/categories"' in page


def test_a_closing_date_in_the_past_closes_the_public_form(client, admin):
    yesterday = datetime.now(UTC) - timedelta(days=1)
    response = client.post("/admin/event", data=_form(registration_closes=_local(yesterday)))
    assert response.status_code == 302
    closes = _event().registration_closes
    assert abs(closes - yesterday.replace(second=0, microsecond=0)) < timedelta(minutes=1)
    client.post("/logout")
    page = client.get("/register").get_data(as_text=True)
    assert "Registration has closed" in page and 'name="given_name"' not in page


def test_an_opening_date_ahead_makes_the_form_say_when(client, admin):
    # Typed in Beijing time: 09:30 there is 01:30 UTC.
    response = client.post("/admin/event", data=_form(registration_opens="2030-03-01T09:30"))
    assert response.status_code == 302
    assert _event().registration_opens == datetime(2030, 3, 1, 1, 30, tzinfo=UTC)
    client.post("/logout")
    page = client.get("/register").get_data(as_text=True)
    assert "Registration opens on 2030-03-01 09:30 (Asia/Shanghai)" in page


def test_no_closing_date_leaves_it_open(client, admin, event):
    event.registration_closes = datetime.now(UTC) - timedelta(days=1)
    db.session.commit()
    assert client.post("/admin/event", data=_form(registration_closes="")).status_code == 302
    assert _event().registration_closes is None
    client.post("/logout")
    assert 'name="given_name"' in client.get("/register").get_data(as_text=True)


def test_close_now_and_reopen(client, admin):
    assert client.post("/admin/event/close").status_code == 302
    event = _event()
    assert event.registration_state() == "closed"
    page = client.get("/admin/event").get_data(as_text=True)
    assert "Reopen registration now" in page and "Close registration now" not in page
    assert client.post("/admin/event/open").status_code == 302
    event = _event()
    assert event.registration_state() == "open" and event.registration_closes is None
    closed, opened = _audit("event.registration_closed"), _audit("event.registration_opened")
    assert len(closed) == 1 and closed[0].before == {"registration_closes": None}
    assert closed[0].after["registration_closes"] is not None
    assert len(opened) == 1 and opened[0].after == {"registration_closes": None}
    assert closed[0].actor_label == "organizer@example.org"


def test_closing_before_it_opened_closes_it(client, admin, event):
    event.registration_opens = datetime.now(UTC) + timedelta(days=10)
    db.session.commit()
    client.post("/admin/event/close")
    assert _event().registration_state() == "closed"


def test_every_field_saved_and_audited_with_before_and_after(client, admin):
    response = client.post(
        "/admin/event",
        data=_form(
            name="87th General Assembly",
            city="Dubai",
            venue="",
            start_date="2018-11-18",
            end_date="2018-11-21",
            languages=["en", "ar"],
        ),
    )
    assert response.status_code == 302
    event = _event()
    assert (event.name, event.city, event.venue) == ("87th General Assembly", "Dubai", "")
    assert (event.start_date, event.end_date) == (date(2018, 11, 18), date(2018, 11, 21))
    assert event.languages == ["en", "ar"]
    (entry,) = _audit("event.update")
    assert entry.before["city"] == "Beijing" and entry.after["city"] == "Dubai"
    assert entry.after["languages"] == ["en", "ar"]
    assert "registration_opens" not in entry.after  # only what changed


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"registration_opens": "2017-06-01T10:00", "registration_closes": "2017-06-01T09:00"},
            "registration_closes",
            "Registration must close after it opens.",
        ),
        ({"end_date": "2017-09-25"}, "end_date", "The last day cannot be before the first day."),
        ({"languages": None}, "languages", "Choose at least one language."),
        ({"name": ""}, "name", "This field is required."),
        ({"start_date": "26/09/2017"}, "start_date", "Not a valid date value."),
        ({"registration_opens": "soon"}, "registration_opens", "Not a valid datetime value."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_saved(
    client, admin, changes, field, message
):
    before = _event()
    saved = (before.name, before.city, before.end_date, before.registration_opens)
    response = client.post("/admin/event", data=_form(city="Lyon", **changes))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(rf'id="{field}[^"]*"[^>]*>|is-invalid[^>]*id="{field}', page)
    assert message in page
    after = _event()
    assert (after.name, after.city, after.end_date, after.registration_opens) == saved
    assert _audit("event.update") == []


@pytest.mark.parametrize("role", ["officer", "focal_point", "checkin"])
def test_other_roles_are_refused(client, login, event, role):
    login(factories.make_user(role, country="CHN" if role == "focal_point" else None))
    assert client.get("/admin/event").status_code == 403
    assert client.post("/admin/event", data=_form(city="Lyon")).status_code == 403
    assert client.post("/admin/event/close").status_code == 403
    assert client.post("/admin/event/open").status_code == 403
    assert _event().city == "Beijing" and _event().registration_state() == "open"
    assert 'href="/admin/event"' not in client.get("/admin" if role == "officer" else "/").text


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    for method, url in [("GET", "/admin/event"), ("POST", "/admin/event/close")]:
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _event().registration_state() == "open"


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["WTF_CSRF_ENABLED"] = True
        return app_config

    def test_posts_without_the_token_change_nothing(self, client, event):
        admin = factories.make_user("admin")
        factories.sign_in_with_csrf(client, admin)
        response = client.post("/admin/event", data=_form(city="Lyon"))
        assert response.status_code == 400
        assert client.post("/admin/event/close").status_code == 400
        assert _event().city == "Beijing" and _event().registration_state() == "open"

        page = client.get("/admin/event").get_data(as_text=True)
        token = factories.csrf_token(page)
        response = client.post("/admin/event", data=_form(city="Lyon", csrf_token=token))
        assert response.status_code == 302 and _event().city == "Lyon"
        assert client.post("/admin/event/close", data={"csrf_token": token}).status_code == 302
        assert _event().registration_state() == "closed"

    def test_the_venue_map_is_uploaded_and_removed_only_with_the_token(self, client, event):
        admin = factories.make_user("admin")
        factories.sign_in_with_csrf(client, admin)

        def upload(**extra):
            data = {"image": (io.BytesIO(image_bytes(1200, 600, "PNG")), "map.png"), **extra}
            return client.post(
                "/admin/event/venue-map", data=data, content_type="multipart/form-data"
            )

        assert upload().status_code == 400 and venue_map.map_path(event) is None
        page = client.get("/admin/event").get_data(as_text=True)
        assert 'enctype="multipart/form-data"' in page and "No map yet" in page
        token = factories.csrf_token(page)
        assert upload(csrf_token=token).status_code == 302
        assert venue_map.map_path(event) is not None
        assert client.post("/admin/event/venue-map/remove").status_code == 400
        assert venue_map.map_path(event) is not None
        remove = client.post("/admin/event/venue-map/remove", data={"csrf_token": token})
        assert remove.status_code == 302 and venue_map.map_path(event) is None
