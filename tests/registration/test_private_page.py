"""The delegate's private page: state, reason, edits, withdrawal and links."""

import io

import pytest
from sqlalchemy import select

from assembly.core.audit import AuditLog
from assembly.extensions import db
from assembly.registration.links import make_token
from assembly.registration.models import Participant
from tests import factories
from tests.registration.samples import field_errors, image_bytes


def _page(client, p):
    return client.get(f"/my/{make_token(p)}")


def _reload(p) -> Participant:
    db.session.expire_all()
    return db.session.get(Participant, p.id)


def _edit_data(p, **changes):
    """Return the edit form's fields as the page fills them, with `changes`."""
    data = {
        "country": p.delegation.country.iso3,
        "category": p.category.name,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "nationality": p.nationality,
        "date_of_birth": p.date_of_birth.isoformat(),
        "passport_number": p.passport_number,
        "passport_expiry": p.passport_expiry.isoformat(),
        "arrival_date": "2017-09-25",
        "departure_date": "2017-09-30",
        "language": "en",
        "phone": "",
    }
    data.update(changes)
    return data


def test_page_shows_state_and_data_privately(client, event):
    p = factories.make_participant(event, "FRA", arrival_date=None)
    response = _page(client, p)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-state="submitted"' in html and p.given_name in html
    assert "no-store" in response.headers["Cache-Control"]
    assert p.passport_number not in html and p.passport_number[-4:] in html


def test_a_rejection_shows_its_reason(client, event):
    p = factories.make_participant(event, "FRA", state="rejected", decision_reason="No nomination")
    html = _page(client, p).get_data(as_text=True)
    assert 'data-state="rejected"' in html and "No nomination" in html
    assert "/edit" not in html  # a closed registration cannot be changed


def test_a_bad_or_old_link_is_refused(client, event):
    assert client.get("/my/not-a-token").status_code == 404
    p = factories.make_participant(event, "FRA")
    token = make_token(p)
    p.link_version += 1
    db.session.commit()
    response = client.get(f"/my/{token}")
    assert response.status_code == 404 and "no longer valid" in response.get_data(as_text=True)


def test_links_to_the_visa_letter_and_sessions_when_those_pages_exist(client, event, app):
    p = factories.make_participant(event, "FRA", state="approved")
    token = make_token(p)
    html = client.get(f"/my/{token}").get_data(as_text=True)
    has_letter = "registration.visa_letter" in app.view_functions
    has_agenda = "agenda.personal_agenda" in app.view_functions
    assert (f"/my/{token}/visa-letter.pdf" in html) == has_letter
    assert (f"/my/{token}/agenda" in html) == has_agenda
    submitted = factories.make_participant(event, "FRA")
    assert "visa-letter" not in _page(client, submitted).get_data(as_text=True)


def test_edit_saves_and_mails_the_change(client, event, outbox):
    p = factories.make_participant(event, "FRA")
    url = f"/my/{make_token(p)}/edit"
    form = client.get(url).get_data(as_text=True)
    assert f'value="{p.given_name}"' in form
    response = client.post(url, data=_edit_data(p, phone="+33 4 72 44 70 00", dietary="Vegan"))
    assert response.status_code == 302
    p = _reload(p)
    assert p.phone == "+33472447000" and p.dietary == "Vegan" and p.state == "submitted"
    mail = outbox(p.email)[-1]
    assert mail.kind == "registration_changed" and "phone" in mail.body_text
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "registration.edited"))
    assert entry.one().actor_label == "delegate"


def test_a_bad_edit_shows_errors_and_saves_nothing(client, event):
    p = factories.make_participant(event, "FRA")
    html = client.post(
        f"/my/{make_token(p)}/edit", data=_edit_data(p, given_name="", phone="12")
    ).get_data(as_text=True)
    assert field_errors(html, "given_name") and field_errors(html, "phone")
    assert _reload(p).given_name == p.given_name


def test_an_edit_with_a_nul_character_is_refused_beside_the_field(client, event):
    p = factories.make_participant(event, "FRA")
    response = client.post(f"/my/{make_token(p)}/edit", data=_edit_data(p, position="Chief\x00"))
    assert response.status_code == 200
    assert "control characters" in field_errors(response.get_data(as_text=True), "position")[0]
    assert _reload(p).position == "Director"


@pytest.mark.parametrize("change", ["badge_name", "photo"])
def test_a_badge_edit_after_approval_goes_back_for_approval(client, event, change):
    p = factories.make_participant(event, "FRA", state="approved", category_name="Observer")
    data = _edit_data(p)
    if change == "photo":
        data["photo"] = (io.BytesIO(image_bytes()), "me.jpg")
    else:
        data["badge_name"] = "Jo"
    response = client.post(
        f"/my/{make_token(p)}/edit", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    p = _reload(p)
    assert p.state != "approved" and p.badge_changed_at is not None
    if change == "photo":
        assert p.photo


def test_a_non_badge_edit_after_approval_stays_approved(client, event):
    p = factories.make_participant(event, "FRA", state="approved")
    client.post(f"/my/{make_token(p)}/edit", data=_edit_data(p, dietary="Halal"))
    p = _reload(p)
    assert p.state == "approved" and p.dietary == "Halal" and p.badge_changed_at is None


def test_withdraw_needs_the_box_ticked(client, event):
    p = factories.make_participant(event, "FRA")
    url = f"/my/{make_token(p)}/withdraw"
    client.post(url, data={})
    assert _reload(p).state == "submitted"
    assert client.post(url, data={"confirm": "y"}).status_code == 302
    assert _reload(p).state == "withdrawn"
    # Withdrawn: no more edits.
    edit = client.get(f"/my/{make_token(p)}/edit")
    assert edit.status_code == 302


def test_a_delegate_registered_by_staff_gives_their_own_consent(client, event):
    p = factories.make_participant(event, "FRA", consent_at=None)
    html = _page(client, p).get_data(as_text=True)
    assert "data-needs-consent" in html
    client.post(f"/my/{make_token(p)}/consent", data={})
    assert _reload(p).consent_at is None
    client.post(f"/my/{make_token(p)}/consent", data={"consent": "y"})
    assert _reload(p).consent_at is not None
    assert "data-needs-consent" not in _page(client, p).get_data(as_text=True)
