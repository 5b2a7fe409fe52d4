"""Visa invitation letters: the PDF's text, who may download it, the verification page."""

import io
import re
from urllib.parse import urlsplit

from pypdf import PdfReader

from assembly.core.security import sign
from assembly.extensions import db
from assembly.registration import letters, workflow
from assembly.registration.links import make_token
from tests import factories


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_approved_delegate_downloads_a_one_page_letter_with_every_detail(client, event):
    p = factories.make_participant(
        event,
        "KEN",
        state="approved",
        title="Inspector",
        given_name="Wanjiru",
        family_name="Kamau",
        nationality="KEN",
        passport_number="AK1234567",
    )
    response = client.get(f"/my/{make_token(p)}/visa-letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(_text(response.data).split())
    assert f"GA86/VISA/{p.id:05d}" in text
    assert "Inspector Wanjiru Kamau" in text and "Kenya" in text
    assert "AK1234567" in text and "01 January 2030" in text  # passport and its expiry
    assert "86th INTERPOL General Assembly" in text and "Beijing" in text
    assert "/verify/letter/" in text


def test_letter_renders_names_in_other_scripts(client, event):
    p = factories.make_participant(
        event, "CHN", state="approved", given_name="小明", family_name="王", native_name="王小明"
    )
    text = _text(client.get(f"/my/{make_token(p)}/visa-letter.pdf").data)
    assert "王小明" in text.replace(" ", "")


def test_no_letter_before_approval_or_with_a_bad_link(client, event):
    p = factories.make_participant(event, "CHN", state="confirmed")
    assert client.get(f"/my/{make_token(p)}/visa-letter.pdf").status_code == 403
    assert client.get("/my/not-a-token/visa-letter.pdf").status_code == 404


def test_officer_downloads_the_letter(client, event, login):
    login(factories.make_user("officer"))
    p = factories.make_participant(event, "CHN", state="approved")
    response = client.get(f"/admin/registrations/{p.id}/visa-letter.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_verification_page_says_genuine_then_revoked(client, app, event):
    app.config.update(SERVER_NAME=None, BASE_URL="https://assembly.example.org")
    p = factories.make_participant(
        event, "ESP", state="approved", passport_number="PAB998877", nationality="ESP"
    )
    pdf = client.get(f"/my/{make_token(p)}/visa-letter.pdf", headers={"Host": "evil.example"})
    text = " ".join(_text(pdf.data).split())
    url = re.search(r"(https?://\S+/verify/letter/\S+)", text).group(1)
    # The QR code and the printed link use the public address, never the request's host.
    assert url.startswith("https://assembly.example.org/verify/letter/"), url
    path = urlsplit(url).path
    page = client.get(path).get_data(as_text=True)
    assert 'data-verification="genuine"' in page
    assert p.full_name in page and "Spain" in page and "8877" in page
    assert "PAB998877" not in page  # only the last four characters
    with app.test_request_context():
        workflow.transition(p, "revoked", actor=factories.make_user("officer"), reason="x")
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert 'data-verification="revoked"' in page


def _verify_path(client, p) -> str:
    text = " ".join(_text(client.get(f"/my/{make_token(p)}/visa-letter.pdf").data).split())
    return urlsplit(re.search(r"(https?://\S+/verify/letter/\S+)", text).group(1)).path


def test_a_letter_whose_certified_data_changed_shows_as_superseded(client, event):
    p = factories.make_participant(
        event, "ESP", state="approved", passport_number="PAB998877", nationality="ESP"
    )
    old = _verify_path(client, p)
    assert 'data-verification="genuine"' in client.get(old).get_data(as_text=True)
    p.passport_number = "XYZ112233"  # a new passport after the letter was issued
    db.session.commit()
    page = client.get(old).get_data(as_text=True)
    assert 'data-verification="superseded"' in page
    # Nothing of the person on a letter that no longer certifies them: reference only.
    assert p.full_name not in page and "2233" not in page and "8877" not in page
    assert letters.reference(p) in page
    new = _verify_path(client, p)
    assert new != old
    assert 'data-verification="genuine"' in client.get(new).get_data(as_text=True)


def test_a_signed_token_of_another_shape_is_invalid(client, event):
    p = factories.make_participant(event, "ESP", state="approved")
    with client.application.test_request_context():
        old_shape = sign(letters.PURPOSE, [p.id, p.event_id], stable=True)  # no digest
    assert client.get(f"/verify/letter/{old_shape}").status_code == 404


def test_verification_of_a_forged_token_says_invalid(client, event):
    response = client.get("/verify/letter/forged.token.value")
    assert response.status_code == 404
    assert 'data-verification="invalid"' in response.get_data(as_text=True)


def _fonts(pdf: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = page["/Resources"]["/Font"]
    return {str(fonts[name].get_object()["/BaseFont"]).split("+", 1)[-1] for name in fonts}


def test_names_in_every_script_get_a_font_that_has_them(client, event):
    p = factories.make_participant(
        event,
        "SAU",
        state="approved",
        given_name="Ivan Иван",
        family_name="Singh सिंह",
        native_name="محمد المنصوري สมชาย 王小明",
    )
    fonts = _fonts(client.get(f"/my/{make_token(p)}/visa-letter.pdf").data)
    for script in ("Arabic", "Devanagari", "Thai", "CJK"):
        assert any(script in font for font in fonts), (script, fonts)
