"""The focal point's portal: its own country only, confirm/decline, head, credentials,
registering on a delegate's behalf (the photo kept across a form error)."""

import io
import re

import pytest
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import select

from assembly.countries.services import delegation_for
from assembly.extensions import db
from assembly.registration import photos
from assembly.registration.links import make_token
from assembly.registration.models import Participant
from tests import factories
from tests.registration.samples import field_errors, fields, image_bytes


@pytest.fixture
def focal(event, login):
    """The focal point of China, signed in."""
    return login(factories.make_user("focal_point", country="CHN"))


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _reload(pid):
    db.session.expire_all()
    return db.session.get(Participant, pid)


def test_portal_lists_own_country_only_with_quota_and_no_passport(client, event, focal):
    delegation_for(event, "CHN").quota = 3
    db.session.commit()
    mine = factories.make_participant(event, "CHN", state="confirmed", family_name="Wang")
    theirs = factories.make_participant(event, "ESP", family_name="Garcia")
    response = client.get("/delegation")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wang" in page and "Garcia" not in page
    assert 'data-quota-used="1"' in page and 'data-quota-left="2"' in page
    assert mine.passport_number not in page and theirs.passport_number not in page
    detail = client.get(f"/delegation/participants/{mine.id}").get_data(as_text=True)
    assert "Wang" in detail and mine.passport_number not in detail and "1970" not in detail


def test_another_countrys_participant_is_404_on_every_url(client, event, focal):
    other = factories.make_participant(event, "ESP", state="confirmed")
    spain = delegation_for(event, "ESP")
    spain.credentials_file = "x.pdf"
    db.session.commit()
    pid = other.id
    assert client.get(f"/delegation/participants/{pid}").status_code == 404
    for to in ("confirmed", "rejected", "withdrawn"):
        response = client.post(
            f"/delegation/participants/{pid}/transition", data={"to": to, "reason": "x"}
        )
        assert response.status_code == 404
    assert client.post(f"/delegation/participants/{pid}/head").status_code == 404
    assert client.get(f"/delegations/{spain.id}/credentials.pdf").status_code == 404
    assert client.get(f"/admin/registrations/{pid}").status_code == 403
    assert client.get(f"/admin/registrations/{pid}/visa-letter.pdf").status_code == 403
    assert client.get(f"/registrations/{pid}/photo").status_code == 404
    assert _reload(pid).state == "confirmed" and not _reload(pid).is_head


def test_focal_point_confirms_and_declines(client, event, focal, outbox):
    a = factories.make_participant(event, "CHN")
    b = factories.make_participant(event, "CHN")
    client.post(f"/delegation/participants/{a.id}/transition", data={"to": "confirmed"})
    response = client.post(
        f"/delegation/participants/{b.id}/transition",
        data={"to": "rejected", "reason": "Not in our nomination"},
    )
    assert response.status_code == 302
    assert _reload(a.id).state == "confirmed"
    b = _reload(b.id)
    assert b.state == "rejected" and b.decision_reason == "Not in our nomination"
    assert outbox(b.email)[-1].kind == "registration_rejected"


def test_quota_refusal_is_a_message_on_the_page(client, event, focal):
    delegation_for(event, "CHN").quota = 1
    db.session.commit()
    factories.make_participant(event, "CHN", state="confirmed")
    extra = factories.make_participant(event, "CHN")
    response = client.post(
        f"/delegation/participants/{extra.id}/transition",
        data={"to": "confirmed"},
        follow_redirects=True,
    )
    assert "has reached its quota of 1 confirmed delegates" in response.get_data(as_text=True)
    assert _reload(extra.id).state == "submitted"


def test_focal_point_cannot_approve(client, event, focal):
    p = factories.make_participant(event, "CHN", state="confirmed")
    response = client.post(
        f"/delegation/participants/{p.id}/transition",
        data={"to": "approved"},
        follow_redirects=True,
    )
    assert "Only accreditation officers" in response.get_data(as_text=True)
    assert _reload(p.id).state == "confirmed"


def test_focal_point_names_the_head_of_delegation(client, event, focal):
    old = factories.make_participant(event, "CHN", state="confirmed", is_head=True)
    new = factories.make_participant(event, "CHN", state="confirmed")
    assert client.post(f"/delegation/participants/{new.id}/head").status_code == 302
    assert _reload(new.id).is_head and not _reload(old.id).is_head


def test_credentials_letter_pdf_is_accepted_and_officers_download_it(client, event, focal, login):
    response = client.post(
        "/delegation/credentials",
        data={"letter": (io.BytesIO(_pdf()), "nomination.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    delegation = delegation_for(event, "CHN")
    db.session.refresh(delegation)
    assert delegation.credentials_file
    assert client.get(f"/delegations/{delegation.id}/credentials.pdf").data.startswith(b"%PDF-")
    login(factories.make_user("officer"))
    download = client.get(f"/delegations/{delegation.id}/credentials.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a pdf at all", "not a PDF"),
        (b"%PDF-1.7\nthis is no real pdf structure", "damaged or empty"),
    ],
)
def test_credentials_letter_that_is_not_a_pdf_is_refused(client, event, focal, content, message):
    response = client.post(
        "/delegation/credentials",
        data={"letter": (io.BytesIO(content), "letter.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert delegation_for(event, "CHN").credentials_file is None


def test_focal_point_registers_a_delegate_who_gets_the_private_link(client, event, focal, outbox):
    factories.category("Delegate")
    db.session.commit()
    form = {
        "category": "Delegate",
        "title": "Commissioner",
        "given_name": "Xiaoming",
        "family_name": "Wang",
        "native_name": "王小明",
        "nationality": "CHN",
        "date_of_birth": "1975-03-02",
        "passport_number": "E12345678",
        "passport_expiry": "2027-01-01",
        "position": "Director",
        "organization": "Ministry of Public Security",
        "email": "wang.xiaoming@example.cn",
        "phone": "+86 10 6520 4000",
        "arrival_date": "2017-09-25",
        "departure_date": "2017-09-30",
        "language": "en",
        "country": "ESP",  # ignored: a focal point registers its own country
    }
    response = client.post("/delegation/register", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    p = db.session.scalars(
        select(Participant).where(Participant.email == "wang.xiaoming@example.cn")
    ).one()
    assert p.state == "submitted" and p.delegation.country.iso3 == "CHN"
    assert p.consent_at is None  # the delegate gives it through the private link
    mail = outbox("wang.xiaoming@example.cn")[-1]
    assert "/my/" in mail.body_text


def test_an_address_registered_by_another_country_gets_a_neutral_message(
    client, event, focal, outbox
):
    other = factories.make_participant(event, "FRA", email="someone@example.org")
    response = client.post(
        "/delegation/register", data=fields(country="CHN", email="someone@example.org")
    )
    assert response.status_code == 200
    errors = field_errors(response.get_data(as_text=True), "email")
    assert errors == ["This address already has a registration in this event."]
    assert outbox(other.email) == [] and _reload(other.id).delegation.country.iso3 == "FRA"


def test_register_form_shows_errors_next_to_fields(client, event, focal):
    response = client.post("/delegation/register", data={"given_name": "", "email": "x@y.org"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "invalid-feedback" in page
    assert db.session.scalars(select(Participant)).first() is None


def _kept_token(html: str) -> str:
    """Return the signed token of the photo a form shown again keeps ("" for none)."""
    match = re.search(r'<input[^>]*name="photo_token"[^>]*>', html)
    assert match, "no photo_token field"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def _is_jpeg(path) -> tuple[str, tuple[int, int]]:
    with Image.open(path) as image:
        return image.format, image.size


def test_the_photo_is_kept_when_another_field_has_an_error(client, event, focal):
    data = fields(country="CHN", nationality="CHN", email="not-an-address")
    data["photo"] = (io.BytesIO(image_bytes(900, 1200)), "wang.png")
    first = client.post("/delegation/register", data=data, content_type="multipart/form-data")
    html = first.get_data(as_text=True)
    assert first.status_code == 200  # as the public form: the page again, marked
    assert any("not a valid email" in e for e in field_errors(html, "email"))
    assert 'value="Jeanne"' in html  # what was typed is kept too
    token = _kept_token(html)
    assert token and "Your photo is kept" in html
    assert f"/register/photo/{token}" in html  # its preview, with the crop sliders
    assert 'name="crop_x"' in html
    assert client.get(f"/register/photo/{token}").mimetype == "image/jpeg"
    assert db.session.scalars(select(Participant)).first() is None

    # Sent again with the address fixed, without the file: the kept photo is used.
    data = fields(country="CHN", nationality="CHN", photo_token=token)
    assert client.post("/delegation/register", data=data).status_code == 302
    p = db.session.scalars(select(Participant)).one()
    assert p.delegation.country.iso3 == "CHN"
    assert _is_jpeg(photos.photo_path(p)) == ("JPEG", (900, 1200))


def test_a_bad_photo_is_refused_next_to_it_and_not_kept(client, event, focal):
    data = fields(country="CHN", nationality="CHN")
    data["photo"] = (io.BytesIO(b"not an image"), "wang.jpg")
    response = client.post("/delegation/register", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert any("not an image" in e for e in field_errors(html, "photo"))
    assert _kept_token(html) == "" and db.session.scalars(select(Participant)).first() is None


@pytest.mark.parametrize("token", ["forged.token", "x" * 300, "ab\u00e9"])
def test_a_photo_token_that_does_not_verify_is_ignored(client, event, focal, token):
    bad = fields(country="CHN", nationality="CHN", email="bad", photo_token=token)
    html = client.post("/delegation/register", data=bad).get_data(as_text=True)
    assert _kept_token(html) == "" and "Your photo is kept" not in html
    data = fields(country="CHN", nationality="CHN", photo_token=token)
    assert client.post("/delegation/register", data=data).status_code == 302
    assert db.session.scalars(select(Participant)).one().photo is None


def test_the_delegate_s_edit_keeps_a_new_photo_across_an_error(client, event):
    p = factories.make_participant(event, "CHN")
    url = f"/my/{make_token(p)}/edit"
    data = {
        **fields(country="CHN", nationality="CHN", phone="12", email=None, consent=None),
        "photo": (io.BytesIO(image_bytes(900, 1200)), "me.png"),
    }
    first = client.post(url, data=data, content_type="multipart/form-data")
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and field_errors(html, "phone")
    token = _kept_token(html)
    assert token and f"/register/photo/{token}" in html
    data = fields(country="CHN", nationality="CHN", email=None, consent=None, photo_token=token)
    assert client.post(url, data=data).status_code == 302
    p = _reload(p.id)
    assert p.phone == "+33472447000" and _is_jpeg(photos.photo_path(p)) == ("JPEG", (900, 1200))


def _queries(app, client, url) -> int:
    from sqlalchemy import event as sa_event

    count = [0]

    def seen(*args):
        count[0] += 1

    with app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", seen)
        try:
            assert client.get(url).status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", seen)
    return count[0]


def test_portal_queries_do_not_grow_with_the_delegation(app, client, event, focal):
    for _ in range(2):
        factories.make_participant(event, "CHN")
    few = _queries(app, client, "/delegation")
    for state in ("submitted", "confirmed", "approved", "rejected") * 3:
        factories.make_participant(event, "CHN", state=state, category_name="Guest")
    assert _queries(app, client, "/delegation") == few


def test_admin_opens_a_countrys_portal_by_code(client, event, login):
    login(factories.make_user("admin"))
    factories.make_participant(event, "KEN", family_name="Kamau")
    assert "Kamau" in client.get("/delegation?country=KEN").get_data(as_text=True)
    assert client.get("/delegation?country=XXX").status_code == 404
