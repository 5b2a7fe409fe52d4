"""POST/GET /api/v1/registrations and transitions: public and staff, errors, privacy."""

import base64
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from assembly.extensions import db
from assembly.registration.models import Participant
from tests import factories
from tests.registration.samples import count_rows, fields, image_bytes

URL = "/api/v1/registrations"


def _auth(role, country=None):
    user = factories.make_user(role, country=country)
    return {"Authorization": f"Bearer {factories.make_token(user)}"}


def _json(**changes):
    body = fields(**changes)
    body["consent"] = True
    body["list_consent"] = False
    return body


def test_public_submission_is_202_and_creates_a_registration(client, event, outbox):
    response = client.post(URL, json=_json())
    assert response.status_code == 202 and response.get_json() == {"status": "received"}
    p = db.session.scalars(select(Participant)).one()
    assert p.state == "submitted" and p.phone == "+33472447000"
    assert [m.kind for m in outbox(p.email)] == ["registration_submitted"]


def test_public_repeat_is_the_same_202_and_mails_the_link_again(client, event, outbox):
    first = client.post(URL, json=_json())
    second = client.post(URL, json=_json(given_name="Someone"))
    assert first.status_code == second.status_code == 202
    assert first.get_json() == second.get_json()
    assert count_rows() == 1
    kinds = [m.kind for m in outbox("jeanne.dupre@example.org")]
    assert kinds == ["registration_submitted", "registration_link_again"]


def test_public_repeats_mail_the_link_at_most_once_in_the_resend_time(app, client, event, outbox):
    app.config["LINK_RESEND_MINUTES"] = 30
    answers = [client.post(URL, json=_json()) for _ in range(6)]
    assert {(a.status_code, a.get_data()) for a in answers} == {(202, answers[0].get_data())}
    kinds = [m.kind for m in outbox("jeanne.dupre@example.org")]
    assert kinds == ["registration_submitted", "registration_link_again"]
    again = outbox("jeanne.dupre@example.org")[1]
    again.created_at -= timedelta(minutes=20)  # still within the 30 minutes
    db.session.commit()
    client.post(URL, json=_json())
    assert len(outbox("jeanne.dupre@example.org")) == 2
    again.created_at -= timedelta(minutes=11)
    db.session.commit()
    client.post(URL, json=_json())
    assert len(outbox("jeanne.dupre@example.org")) == 3


def test_public_photo_as_base64_and_as_multipart(client, event):
    photo = base64.b64encode(image_bytes(900, 1200, "PNG")).decode()
    assert client.post(URL, json={**_json(), "photo": photo}).status_code == 202
    data = fields(email="other@example.org")
    data["photo"] = (io.BytesIO(image_bytes()), "p.jpg")
    response = client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 202
    assert all(p.photo for p in db.session.scalars(select(Participant)))


@pytest.mark.parametrize("auth", [None, "officer"])
def test_invalid_fields_are_422_per_field(client, event, auth):
    headers = _auth(auth) if auth else {}
    body = {**_json(phone="12", nationality="ZZZ", date_of_birth="yesterday"), "photo": "@@"}
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 422
    # A photo that is not base64 is listed with the other fields' errors, not alone.
    errors = response.get_json()["error"]["fields"]
    assert set(errors) == {"phone", "nationality", "date_of_birth", "photo"}
    assert errors["photo"] == ["is not valid base64"]
    response = client.post(URL, json={**body, "photo": base64.b64encode(b"no").decode()},
                           headers=headers)  # fmt: skip
    errors = response.get_json()["error"]["fields"]
    assert response.status_code == 422
    assert set(errors) == {"phone", "nationality", "date_of_birth", "photo"}
    assert "not an image" in errors["photo"][0]
    assert count_rows() == 0


@pytest.mark.parametrize("auth", [None, "officer"])
def test_control_characters_are_422_per_field(client, event, auth):
    headers = _auth(auth) if auth else {}
    body = _json(
        given_name="A\x00B", category="Dele\x00gate", organization="\ud800", dietary="a\nb"
    )
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 422
    errors = response.get_json()["error"]["fields"]
    assert set(errors) == {"given_name", "category", "organization"}
    assert all("control characters" in messages[0] for messages in errors.values())
    assert count_rows() == 0


@pytest.mark.parametrize("auth", [None, "officer"])
def test_json_values_of_the_wrong_type_are_422_all_at_once(client, event, auth):
    headers = _auth(auth) if auth else {}
    body = {
        **_json(),
        "passport_number": ["a"],  # was stored as "['a']"
        "given_name": 123,  # was stored as "123"
        "family_name": {"x": 1},
        "badge_name": True,
        "date_of_birth": 19750314,
        "phone": "12",  # a rule's error, reported with the type errors
        "photo": 42,
    }
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 422
    errors = response.get_json()["error"]["fields"]
    for name in ("passport_number", "given_name", "family_name", "badge_name", "date_of_birth"):
        assert errors.pop(name) == ["must be a string"], name
    assert errors.pop("photo") == ["must be a base64 string"]
    assert set(errors) == {"phone"}
    assert count_rows() == 0


def test_public_consent_must_be_a_json_boolean(client, event):
    for value in ("yes", 1, "true"):
        response = client.post(URL, json={**_json(), "consent": value, "list_consent": "no"})
        assert response.status_code == 422
        assert response.get_json()["error"]["fields"] == {
            "consent": ["must be true or false"],
            "list_consent": ["must be true or false"],
        }
    # null is as if left out: no listing; optional text may be null too.
    ok = client.post(URL, json={**_json(), "list_consent": None, "badge_name": None})
    assert ok.status_code == 202
    p = db.session.scalars(select(Participant)).one()
    assert p.list_consent is False and p.badge_name == "" and p.consent_at is not None


def test_not_json_object_is_400(client, event):
    response = client.post(URL, data="[1]", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "window",
    [
        {"registration_opens": datetime.now(UTC) + timedelta(days=1)},
        {"registration_closes": datetime.now(UTC) - timedelta(days=1)},
    ],
    ids=["not-open", "closed"],
)
def test_public_outside_the_window_is_403_registration_closed(client, event, window):
    for name, value in window.items():
        setattr(event, name, value)
    db.session.commit()
    response = client.post(URL, json=_json())
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "registration_closed"
    # Staff can still register.
    staff = client.post(URL, json=_json(), headers=_auth("officer"))
    assert staff.status_code == 201


def test_staff_gets_201_then_409_for_a_known_address(client, event, outbox):
    headers = _auth("officer")
    created = client.post(URL, json=_json(), headers=headers)
    assert created.status_code == 201
    body = created.get_json()
    assert body["state"] == "submitted" and db.session.get(Participant, body["id"])
    again = client.post(URL, json=_json(), headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_registered"
    assert count_rows() == 1
    # The delegate still gets the private link, to check the data themselves.
    assert [m.kind for m in outbox("jeanne.dupre@example.org")] == ["registration_submitted"]


def test_focal_point_registers_only_its_own_country(client, event):
    headers = _auth("focal_point", "CHN")
    refused = client.post(URL, json=_json(), headers=headers)
    assert refused.status_code == 422 and "country" in refused.get_json()["error"]["fields"]
    ok = client.post(URL, json=_json(country="CHN"), headers=headers)
    assert ok.status_code == 201


def test_checkin_staff_may_not_register_and_bad_tokens_are_401(client, event):
    assert client.post(URL, json=_json(), headers=_auth("checkin")).status_code == 403
    bad = client.post(URL, json=_json(), headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and count_rows() == 0


def _people(event):
    fra = factories.make_participant(event, "FRA", state="confirmed")
    chn = factories.make_participant(event, "CHN")
    org = factories.make_participant(event, None, category_name="Observer")
    return fra, chn, org


def test_list_pages_and_filters(client, event):
    fra, chn, org = _people(event)
    headers = _auth("officer")
    body = client.get(f"{URL}?per_page=2", headers=headers).get_json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["per_page"] == 2
    assert [i["id"] for i in client.get(f"{URL}?country=fra", headers=headers).get_json()[
        "items"]] == [fra.id]  # fmt: skip
    by_state = client.get(f"{URL}?state=submitted", headers=headers).get_json()
    assert {i["id"] for i in by_state["items"]} == {chn.id, org.id}
    assert client.get(f"{URL}?state=lost", headers=headers).status_code == 422


def test_personal_data_only_for_officers_and_admins(client, event):
    fra, _, _ = _people(event)
    for role, country, visible in (
        ("officer", None, True),
        ("admin", None, True),
        ("focal_point", "FRA", False),
    ):
        headers = _auth(role, country)
        item = client.get(f"{URL}/{fra.id}", headers=headers).get_json()
        listed = client.get(URL, headers=headers).get_json()["items"][0]
        for body in (item, listed):
            assert ("passport_number" in body) is visible, role
            assert ("date_of_birth" in body) is visible, role
        if visible:
            assert item["passport_number"] == fra.passport_number


def test_focal_point_is_refused_other_countries_on_every_route(client, event, outbox):
    fra, chn, org = _people(event)
    headers = _auth("focal_point", "CHN")
    listed = client.get(URL, headers=headers).get_json()
    assert [i["id"] for i in listed["items"]] == [chn.id]
    assert client.get(f"{URL}?country=FRA", headers=headers).status_code == 403
    for other in (fra, org):
        assert client.get(f"{URL}/{other.id}", headers=headers).status_code == 404
        moved = client.post(
            f"{URL}/{other.id}/transitions", json={"to": "withdrawn"}, headers=headers
        )
        assert moved.status_code == 404
    assert client.get(f"{URL}/{chn.id}", headers=headers).status_code == 200
    # Registering for another country is refused on the country, known address or not:
    # no 409 tells the focal point that another country's delegate is registered.
    for email in (fra.email, org.email, "nobody.yet@example.org"):
        refused = client.post(URL, json=_json(country="FRA", email=email), headers=headers)
        assert refused.status_code == 422, email
        assert list(refused.get_json()["error"]["fields"]) == ["country"]
    # For its own country, another country's address gets the neutral 409 any repeat gets.
    own = client.post(URL, json=_json(country="CHN", email=fra.email), headers=headers)
    assert own.status_code == 409 and own.get_json()["error"]["code"] == "already_registered"
    message = own.get_json()["error"]["message"]
    assert "FRA" not in message and "France" not in message
    repeat = client.post(URL, json=_json(country="CHN", email=chn.email), headers=headers)
    assert own.get_json() == repeat.get_json()
    assert outbox(fra.email) == [] and outbox(org.email) == []
    db.session.expire_all()
    assert db.session.get(Participant, fra.id).state == "confirmed"


def test_transitions(client, event):
    fra, chn, org = _people(event)
    officer = _auth("officer")
    ok = client.post(f"{URL}/{fra.id}/transitions", json={"to": "approved"}, headers=officer)
    assert ok.status_code == 200 and ok.get_json() == {"id": fra.id, "state": "approved"}
    # Approved already: an officer cannot reject it (only revoke).
    invalid = client.post(
        f"{URL}/{fra.id}/transitions", json={"to": "rejected", "reason": "x"}, headers=officer
    )
    assert invalid.status_code == 409
    assert invalid.get_json()["error"]["code"] == "invalid_transition"
    unknown = client.post(f"{URL}/{fra.id}/transitions", json={"to": "lost"}, headers=officer)
    assert unknown.status_code == 422 and "to" in unknown.get_json()["error"]["fields"]
    # A focal point may not approve: 403.
    focal = _auth("focal_point", "CHN")
    refused = client.post(f"{URL}/{chn.id}/transitions", json={"to": "approved"}, headers=focal)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "not_allowed"
    assert client.get(f"{URL}/{fra.id}", headers=officer).get_json()["state"] == "approved"


def test_a_confirmation_past_the_quota_is_409(client, event):
    from assembly.countries.services import delegation_for

    delegation_for(event, "CHN").quota = 1
    db.session.commit()
    first = factories.make_participant(event, "CHN")
    second = factories.make_participant(event, "CHN")
    focal = _auth("focal_point", "CHN")
    assert (
        client.post(
            f"{URL}/{first.id}/transitions", json={"to": "confirmed"}, headers=focal
        ).status_code
        == 200
    )
    passed = client.post(f"{URL}/{second.id}/transitions", json={"to": "confirmed"}, headers=focal)
    assert passed.status_code == 409 and passed.get_json()["error"]["code"] == "quota_exceeded"


def test_routes_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/registrations"])
    assert "get" in paths["/api/v1/registrations/{participant_id}"]
    assert "post" in paths["/api/v1/registrations/{participant_id}/transitions"]


def test_staff_registration_needs_no_consent_the_delegate_gives_it_later(client, event, outbox):
    body = _json()
    del body["consent"]
    created = client.post(URL, json=body, headers=_auth("focal_point", "FRA"))
    assert created.status_code == 201
    p = db.session.get(Participant, created.get_json()["id"])
    assert p.consent_at is None
    mail = outbox(p.email)[0]
    # In the delegate's language (French in this body).
    assert mail.kind == "registration_submitted" and "en votre nom" in mail.body_text
    # The public must consent.
    public = client.post(URL, json={**body, "email": "x@example.org"})
    assert public.status_code == 422 and "consent" in public.get_json()["error"]["fields"]


@pytest.mark.parametrize("role, country", [("officer", None), ("focal_point", "FRA")])
def test_consent_sent_by_staff_is_ignored(client, event, role, country):
    body = {**_json(), "consent": True, "list_consent": True}
    created = client.post(URL, json=body, headers=_auth(role, country))
    assert created.status_code == 201
    p = db.session.get(Participant, created.get_json()["id"])
    assert p.consent_at is None and p.list_consent is False
    # Nor does a malformed value matter: it is not staff's to give.
    other = client.post(
        URL,
        json={**body, "email": "x@example.org", "consent": "maybe", "list_consent": "?"},
        headers=_auth(role, country),
    )
    assert other.status_code == 201


def test_an_upload_over_the_limit_is_a_json_413(client, event):
    response = client.post(URL, data="x" * (7 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
