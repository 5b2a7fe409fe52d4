"""The public registration form: every field's rules, duplicates, the window, rate limits."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from assembly.core.audit import AuditLog
from assembly.core.event import Event
from assembly.extensions import db
from assembly.registration import services
from assembly.registration.links import participant_from_token
from assembly.registration.models import Participant
from tests import factories
from tests.registration.samples import count_rows, field_errors, fields, link_in


def test_form_renders_for_phones_with_every_field(client, event):
    response = client.get("/register")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="viewport"' in html and "col-12 col-md-6" in html
    for name in (
        "country", "organization_name", "category", "title", "given_name", "family_name",
        "badge_name", "native_name", "nationality", "date_of_birth", "passport_number",
        "passport_expiry", "position", "organization", "email", "phone", "arrival_date",
        "departure_date", "language", "dietary", "accessibility", "photo", "consent",
        "list_consent", "crop_x", "crop_y",
    ):  # fmt: skip
        assert f'name="{name}"' in html, name
    assert '<option value="ORG">' in html  # international organization, for observers
    assert '<option value="CHN">' in html and 'value="Head of Delegation"' in html


def test_valid_registration_is_stored_and_mailed(client, event, outbox):
    response = client.post("/register", data=fields(email="Jeanne.Dupre@Example.org"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register/submitted")
    p = db.session.scalars(select(Participant)).one()
    assert (p.given_name, p.family_name, p.state) == ("Jeanne", "Dupré", "submitted")
    assert p.email == "jeanne.dupre@example.org"
    assert p.phone == "+33472447000"  # E.164
    assert p.delegation.country.iso3 == "FRA" and p.category.name == "Delegate"
    assert p.date_of_birth.isoformat() == "1975-03-14" and p.language == "fr"
    assert p.consent_at is not None and p.list_consent is False
    mails = outbox("jeanne.dupre@example.org")
    assert [m.kind for m in mails] == ["registration_submitted"]
    assert "/my/" in link_in(mails[0].body_text)
    assert (
        db.session.scalars(select(AuditLog).where(AuditLog.action == "registration.submitted"))
        .one()
        .participant_id
        == p.id
    )


def test_phone_without_country_code_is_read_in_the_delegation_country(client, event):
    client.post("/register", data=fields(country="CHN", nationality="CHN", phone="010 6512 3456"))
    assert db.session.scalars(select(Participant)).one().phone == "+861065123456"


def test_observer_of_an_international_organization(client, event):
    response = client.post(
        "/register", data=fields(country="ORG", organization_name="UNODC", category="Observer")
    )
    assert response.status_code == 302
    p = db.session.scalars(select(Participant)).one()
    assert p.delegation is None and p.organization_name == "UNODC"


BAD_FIELDS = [
    ("country", {"country": "XXX"}, "not a member country"),
    ("country", {"country": ""}, "Choose your delegation"),
    ("country", {"country": "ORG", "organization_name": ""}, "Choose your delegation"),
    ("category", {"country": "ORG", "organization_name": "UNODC"}, "registers observers"),
    ("category", {"category": ""}, "Choose a category"),
    ("category", {"category": "Astronaut"}, "Unknown category"),
    ("given_name", {"given_name": "  "}, "required"),
    ("family_name", {"family_name": ""}, "required"),
    ("family_name", {"family_name": "x" * 121}, "at most 120"),
    ("title", {"title": "x" * 81}, "at most 80"),
    ("nationality", {"nationality": "ZZZ"}, "Choose a nationality"),
    ("date_of_birth", {"date_of_birth": "2999-01-01"}, "in the past"),
    ("date_of_birth", {"date_of_birth": "14/03/1975"}, "YYYY-MM-DD"),
    ("date_of_birth", {"date_of_birth": ""}, "required"),
    ("passport_number", {"passport_number": ""}, "required"),
    ("passport_expiry", {"passport_expiry": "2017-09-28"}, "expires before the end"),
    ("arrival_date", {"arrival_date": "2017-01-01"}, "Arrive between"),
    ("departure_date", {"departure_date": "2017-12-31"}, "Leave between"),
    (
        "departure_date",
        {"arrival_date": "2017-09-27", "departure_date": "2017-09-26"},
        "not be before the arrival",
    ),
    ("email", {"email": "not-an-address"}, "not a valid email"),
    ("email", {"email": ""}, "required"),
    ("phone", {"phone": "+33 12"}, "not a valid phone"),
    ("language", {"language": "de"}, "Choose one of"),
    ("consent", {"consent": None}, "consent"),
]


@pytest.mark.parametrize(("name", "changes", "message"), BAD_FIELDS)
def test_each_bad_field_is_refused_next_to_it(client, event, name, changes, message):
    response = client.post("/register", data=fields(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = field_errors(html, name)
    assert any(message in e for e in errors), (name, errors)
    assert count_rows() == 0
    # What was typed is still there.
    if name != "given_name":
        assert 'value="Jeanne"' in html


def test_control_characters_are_refused_next_to_their_field(client, event):
    response = client.post(
        "/register",
        data=fields(
            given_name="A\x00B",  # NUL: PostgreSQL refused it with a 500
            family_name="Dupr\x1b[31mé",
            passport_number="18AB\n12345",
            category="Dele\x00gate",  # looked up in the database
            country="FR\x00",
            dietary="No pork\r\n\tno alcohol",  # several lines are fine here
            accessibility="Wheelchair\x07",
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and count_rows() == 0
    for name in ("given_name", "family_name", "passport_number", "category", "country"):
        assert field_errors(html, name) == [
            "Use plain text on one line: no control characters (such as NUL or a line break)."
        ], name
    assert field_errors(html, "accessibility") == [
        "Remove the control characters (such as NUL) from this text."
    ]
    assert field_errors(html, "dietary") == []
    ok = client.post("/register", data=fields(dietary="No pork\r\n\tno alcohol"))
    assert ok.status_code == 302
    assert db.session.scalars(select(Participant)).one().dietary == "No pork\r\n\tno alcohol"


def test_every_error_is_shown_at_once(client, event):
    html = client.post("/register", data=fields(phone="12", email="bad", nationality="")).get_data(
        as_text=True
    )
    for name in ("phone", "email", "nationality"):
        assert field_errors(html, name), name


def test_same_email_twice_makes_one_registration_and_mails_the_link_again(client, event, outbox):
    first = client.post("/register", data=fields())
    second = client.post(
        "/register", data=fields(email="JEANNE.DUPRE@example.org", given_name="Other")
    )
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    pages = [
        factories.mask_csrf(client.get(r.headers["Location"]).get_data(as_text=True))
        for r in (first, second)
    ]
    assert pages[0] == pages[1]  # the page never tells whether the address was known
    assert count_rows() == 1
    assert db.session.scalars(select(Participant)).one().given_name == "Jeanne"
    mails = outbox("jeanne.dupre@example.org")
    assert [m.kind for m in mails] == ["registration_submitted", "registration_link_again"]
    # Both links open the one registration (tokens carry their signing time, so may differ).
    for mail in mails:
        token = link_in(mail.body_text).rsplit("/my/", 1)[1]
        assert participant_from_token(token).given_name == "Jeanne"


def test_the_link_is_mailed_again_at_most_once_in_ten_minutes(client, event, outbox):
    from assembly.core.mail import Outbox

    responses = [client.post("/register", data=fields()) for _ in range(5)]
    assert {(r.status_code, r.headers["Location"]) for r in responses} == {
        (302, responses[0].headers["Location"])
    }  # the same answer every time, mail or not
    mails = outbox("jeanne.dupre@example.org")
    assert [m.kind for m in mails] == ["registration_submitted", "registration_link_again"]
    # Ten minutes later, the next submission mails the link once more.
    mails[1].created_at -= timedelta(minutes=11)
    db.session.commit()
    for _ in range(2):
        client.post("/register", data=fields())
    kinds = [m.kind for m in outbox("jeanne.dupre@example.org")]
    assert kinds == ["registration_submitted"] + ["registration_link_again"] * 2
    assert db.session.scalar(select(func.count()).select_from(Outbox)) == 3


def test_a_forged_host_header_never_reaches_the_mailed_link(app, client, event, outbox):
    # No SERVER_NAME, as in production: links must still use the public address.
    app.config.update(SERVER_NAME=None, BASE_URL="https://assembly.example.org")
    evil = {"Host": "evil.example"}
    assert client.post("/register", data=fields(), headers=evil).status_code == 302
    assert client.post("/register", data=fields(), headers=evil).status_code == 302
    links = [link_in(m.body_text) for m in outbox("jeanne.dupre@example.org")]
    assert len(links) == 2
    assert all(link.startswith("https://assembly.example.org/my/") for link in links), links


def test_double_submit_makes_one_registration(client, event):
    responses = [client.post("/register", data=fields()) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert count_rows() == 1


def test_concurrent_submits_of_one_address_make_one_registration(pg_app, event, monkeypatch):
    """Requests racing past the lookup: the unique constraint decides, none fails."""
    factories.category()  # the categories exist, as after the first page view
    db.session.commit()
    barrier = threading.Barrier(4, timeout=20)
    real_find = services.find_registration
    waited = threading.local()

    def racing_find(ev, email):
        found = real_find(ev, email)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()  # every request has looked and found nothing
        return found

    monkeypatch.setattr(services, "find_registration", racing_find)
    results, errors = [], []
    event_id = event.id  # (the test's own session must not be used by the threads)

    def submit():
        with pg_app.test_request_context():
            try:
                own_event = db.session.get(Event, event_id)
                results.append(services.register(own_event, fields(), notify=False)[1])
                db.session.commit()
            except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert count_rows() == 1


def _set_window(event, opens=None, closes=None):
    event.registration_opens, event.registration_closes = opens, closes
    db.session.commit()


def test_before_opening_the_form_says_when_it_opens(client, event):
    _set_window(event, opens=datetime.now(UTC) + timedelta(days=3))
    page = client.get("/register")
    assert page.status_code == 200
    assert "Registration opens on" in page.get_data(as_text=True)
    assert 'name="given_name"' not in page.get_data(as_text=True)
    refused = client.post("/register", data=fields())
    assert refused.status_code == 403 and count_rows() == 0


def test_after_closing_the_form_says_it_has_closed(client, event):
    _set_window(event, closes=datetime.now(UTC) - timedelta(hours=1))
    assert "has closed" in client.get("/register").get_data(as_text=True)
    assert client.post("/register", data=fields()).status_code == 403
    assert count_rows() == 0


def test_staff_can_still_register_when_closed(client, event, login):
    _set_window(event, closes=datetime.now(UTC) - timedelta(hours=1))
    login(factories.make_user("officer"))
    assert client.post("/register", data=fields()).status_code == 302
    assert count_rows() == 1


@pytest.mark.parametrize("role", ["officer", "focal_point"])
def test_staff_cannot_give_consent_for_the_delegate(client, event, login, outbox, role):
    login(factories.make_user(role, country="FRA" if role == "focal_point" else None))
    page = client.get("/register").get_data(as_text=True)
    assert 'name="consent"' not in page and 'name="list_consent"' not in page
    ticked = client.post("/register", data=fields(consent="y", list_consent="y"))
    assert ticked.status_code == 302
    blank = client.post("/register", data=fields(email="b@example.org", consent=None))
    assert blank.status_code == 302  # no consent needed from staff
    people = db.session.scalars(select(Participant).order_by(Participant.id)).all()
    assert [(p.consent_at, p.list_consent) for p in people] == [(None, False)] * 2
    # The delegate gives it through the private link they were mailed.
    client.post("/logout")
    link = link_in(outbox("jeanne.dupre@example.org")[0].body_text)
    token = link.rsplit("/my/", 1)[1]
    assert client.post(f"/my/{token}/consent", data={"consent": "y"}).status_code == 302
    db.session.expire_all()
    assert people[0].consent_at is not None


def test_focal_point_registers_only_its_own_country(client, event, login):
    login(factories.make_user("focal_point", country="CHN"))
    html = client.post("/register", data=fields()).get_data(as_text=True)
    assert any("own country" in e for e in field_errors(html, "country"))
    assert client.post("/register", data=fields(country="CHN")).status_code == 302
    assert count_rows() == 1


def test_the_service_works_outside_a_request_for_imports(app, event, outbox):
    with pytest.raises(services.RegistrationInvalid) as refused:
        services.register(event, fields(phone="1"))
    assert "not a valid phone number" in refused.value.errors["phone"][0]
    participant, created = services.register(event, fields())
    db.session.commit()
    assert created and participant.id
    assert "/my/" in link_in(outbox(participant.email)[0].body_text)
