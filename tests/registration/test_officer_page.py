"""The officer's page of a registration: all data, history, and the transition buttons."""

import pytest

from assembly.core.audit import record
from assembly.extensions import db
from assembly.registration.models import Participant
from tests import factories


@pytest.fixture
def officer(event, login):
    """An accreditation officer, signed in."""
    return login(factories.make_user("officer"))


def _state(pid):
    db.session.expire_all()
    return db.session.get(Participant, pid).state


def test_officer_sees_everything_including_passport_and_history(client, event, officer):
    p = factories.make_participant(
        event, "CHN", state="confirmed", native_name="王小明", passport_number="E99887766"
    )
    record("registration.confirmed", p, participant_id=p.id, reason="checked by the NCB")
    db.session.commit()
    page = client.get(f"/admin/registrations/{p.id}").get_data(as_text=True)
    assert "王小明" in page and "E99887766" in page and "1970-01-01" in page
    assert "registration.confirmed" in page and "checked by the NCB" in page
    assert 'value="approved"' in page and 'value="rejected"' in page
    assert 'value="revoked"' in page  # from any open state
    assert 'value="confirmed"' not in page  # the focal point's step
    assert "No credentials letter from China yet" in page
    assert f"/admin/registrations/{p.id}/badge.png" in page  # the badges area's preview


def test_focal_point_and_checkin_cannot_open_the_officer_page(client, event, login):
    p = factories.make_participant(event, "CHN")
    for user in (factories.make_user("focal_point", country="CHN"), factories.make_user("checkin")):
        login(user)
        assert client.get(f"/admin/registrations/{p.id}").status_code == 403


def test_officer_approves_then_revokes_with_reason(client, event, officer, outbox):
    p = factories.make_participant(event, "CHN", state="confirmed")
    client.post(f"/admin/registrations/{p.id}/transition", data={"to": "approved"})
    assert _state(p.id) == "approved"
    page = client.get(f"/admin/registrations/{p.id}").get_data(as_text=True)
    assert "visa-letter.pdf" in page and 'value="revoked"' in page
    client.post(
        f"/admin/registrations/{p.id}/transition", data={"to": "revoked", "reason": "Forged ID"}
    )
    assert _state(p.id) == "revoked"
    assert outbox(p.email)[-1].kind == "registration_revoked"


def test_invalid_transition_is_refused_with_a_flash_message(client, event, officer):
    p = factories.make_participant(event, "CHN", state="submitted")
    response = client.post(
        f"/admin/registrations/{p.id}/transition", data={"to": "approved"}, follow_redirects=True
    )
    assert "waits for the confirmation" in response.get_data(as_text=True)
    response = client.post(
        f"/admin/registrations/{p.id}/transition", data={"to": "rejected"}, follow_redirects=True
    )
    assert "Give a reason" in response.get_data(as_text=True)
    response = client.post(
        f"/admin/registrations/{p.id}/transition", data={"to": "nonsense"}, follow_redirects=True
    )
    assert "Choose what to do" in response.get_data(as_text=True)
    assert _state(p.id) == "submitted"


def test_unknown_participant_is_404(client, event, officer):
    assert client.get("/admin/registrations/999999").status_code == 404


def test_officer_page_shows_the_photo_and_the_credentials_letter(client, app, event, officer):
    from pathlib import Path

    from assembly.countries.services import delegation_for

    p = factories.make_participant(event, "KEN", photo="1-x.jpg")
    kenya = delegation_for(event, "KEN")
    folder = Path(app.config["UPLOAD_DIR"]) / "credentials"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "k.pdf").write_bytes(b"%PDF-1.4 letter")
    kenya.credentials_file = "k.pdf"
    db.session.commit()
    page = client.get(f"/admin/registrations/{p.id}").get_data(as_text=True)
    assert f"/registrations/{p.id}/photo" in page
    assert f"/delegations/{kenya.id}/credentials.pdf" in page
