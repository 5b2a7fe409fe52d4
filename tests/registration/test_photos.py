"""Badge photos: each kind of bad upload, EXIF rotation and stripping, the 3:4 crop,
keeping the photo across a form error, the 413 page, and who may see a photo."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from assembly.extensions import db
from assembly.registration import photos
from assembly.registration.links import make_token
from assembly.registration.models import Participant
from tests import factories
from tests.registration.samples import bomb_png, count_rows, field_errors, fields, image_bytes


@pytest.fixture
def ctx(app):
    """A request context: messages are translated in the visitor's language."""
    with app.test_request_context():
        yield


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_good_photo_becomes_a_stripped_3_4_jpeg(ctx):
    out = _open(photos.process_photo(image_bytes(1200, 1200, "PNG", orientation=1)))
    assert out.format == "JPEG" and out.size == (900, 1200)
    assert dict(out.getexif()) == {}  # no metadata left (camera, location)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted(ctx, fmt):
    assert _open(photos.process_photo(image_bytes(600, 800, fmt))).size == (600, 800)


def test_transparent_png_gets_a_white_background(ctx):
    image = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert _open(photos.process_photo(out.getvalue())).getpixel((300, 400)) >= (250, 250, 250)


def test_exif_orientation_is_applied(ctx):
    # Stored landscape 800x600, marker top-left; orientation 6: turn 90° clockwise.
    out = _open(photos.process_photo(image_bytes(800, 600, orientation=6)))
    assert out.size == (600, 800)
    r, g, b = out.getpixel((590, 10))  # the marker is now top-right
    assert b > 200 and r < 60
    r, g, b = out.getpixel((10, 10))
    assert r > 150 and b < 80
    assert dict(out.getexif()) == {}


def test_the_frame_can_be_moved(ctx):
    wide = image_bytes(1600, 800)  # frame 600x800 in a 1600-wide picture
    left = _open(photos.process_photo(wide, x=0, y=0))
    centre = _open(photos.process_photo(wide))
    assert left.getpixel((10, 10))[2] > 200  # the blue marker sits at the left edge
    assert centre.getpixel((10, 10))[0] > 150  # centred: no marker


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not an image at all", "not an image"),
        (image_bytes(600, 800, "GIF"), "must be a JPEG, PNG or WebP"),
        (image_bytes(200, 300), "200x300 pixels: too small"),
        (image_bytes(500, 300), "500x300 pixels: too small"),  # landscape: frame 225x300
        (bomb_png(), "decompression bomb"),
        (bomb_png(12000, 12000), "decompression bomb"),
        (b"\xff\xd8\xff" + b"0" * 100, "not an image"),  # a truncated JPEG
        (b"x" * (photos.MAX_BYTES + 1), "larger than 5 MB"),
    ],
    ids=["text", "gif", "small", "landscape", "bomb", "bomb-below-pillow-limit", "broken", "big"],
)
def test_bad_photos_are_refused_saying_why(ctx, data, message):
    with pytest.raises(photos.PhotoError, match=message):
        photos.process_photo(data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_cut_off_photo_is_refused_with_weasyprint_loaded(ctx, fmt):
    # A server that renders PDFs has WeasyPrint loaded, which makes Pillow accept
    # cut-off images unless the site makes it strict again (assembly.core.pdf).
    import assembly.core.pdf  # noqa: F401

    whole = image_bytes(900, 1200, fmt)
    with pytest.raises(photos.PhotoError, match="not an image we can read"):
        photos.process_photo(whole[: len(whole) * 2 // 3])


def _post(client, photo_data, name="photo.jpg", **changes):
    data = fields(**changes)
    if photo_data is not None:
        data["photo"] = (io.BytesIO(photo_data), name)
    return client.post("/register", data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image", "not an image"),
        (image_bytes(200, 300), "too small"),
        (bomb_png(), "decompression bomb"),
    ],
)
def test_the_form_shows_a_bad_photo_error_next_to_the_field(client, event, data, message):
    html = _post(client, data).get_data(as_text=True)
    assert any(message in e for e in field_errors(html, "photo"))
    assert 'value="Jeanne"' in html and count_rows() == 0


def test_too_large_upload_gets_the_413_page(client, event):
    response = _post(client, b"x" * (7 * 1024 * 1024))
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)
    assert count_rows() == 0


def test_the_photo_is_kept_across_a_form_error(client, event, app):
    first = _post(client, image_bytes(900, 1200), phone="12")
    html = first.get_data(as_text=True)
    assert field_errors(html, "phone")
    token = html.split('name="photo_token" type="hidden" value="')[1].split('"')[0]
    assert token
    preview = client.get(f"/register/photo/{token}")
    assert preview.status_code == 200 and preview.mimetype == "image/jpeg"
    # Sent again without the file: the kept photo is used.
    data = fields()
    data["photo_token"] = token
    assert client.post("/register", data=data).status_code == 302
    p = db.session.scalars(select(Participant)).one()
    assert photos.photo_path(p) is not None
    assert _open(photos.photo_path(p).read_bytes()).size == (900, 1200)


def test_a_forged_photo_token_is_ignored(client, event):
    assert client.get("/register/photo/forged.token").status_code == 404
    data = fields()
    data["photo_token"] = "forged.token"
    assert client.post("/register", data=data).status_code == 302
    assert db.session.scalars(select(Participant)).one().photo is None


def test_photos_are_stored_outside_static(client, event, app):
    _post(client, image_bytes())
    path = photos.photo_path(db.session.scalars(select(Participant)).one())
    assert path.is_relative_to(app.config["UPLOAD_DIR"])
    assert not path.resolve().is_relative_to(app.static_folder)


@pytest.fixture
def with_photo(client, event):
    """A registration of France with a photo."""
    _post(client, image_bytes())
    return db.session.scalars(select(Participant)).one()


def test_the_delegate_sees_their_photo_through_the_private_link(client, with_photo):
    response = client.get(f"/my/{make_token(with_photo)}/photo")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get("/my/not-a-token/photo").status_code == 404


@pytest.mark.parametrize(
    ("role", "country", "status"),
    [
        ("officer", None, 200),
        ("admin", None, 200),
        ("checkin", None, 200),
        ("focal_point", "FRA", 200),
        ("focal_point", "CHN", 404),
    ],
)
def test_staff_photo_access(client, login, with_photo, role, country, status):
    login(factories.make_user(role, country=country))
    assert client.get(f"/registrations/{with_photo.id}/photo").status_code == status


def test_anonymous_visitors_cannot_see_photos(client, with_photo):
    response = client.get(f"/registrations/{with_photo.id}/photo")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_missing_photo_is_404(client, login, event):
    p = factories.make_participant(event, "FRA")
    login(factories.make_user("officer"))
    assert client.get(f"/registrations/{p.id}/photo").status_code == 404
    assert client.get(f"/my/{make_token(p)}/photo").status_code == 404


def test_a_replaced_photo_file_goes_only_after_the_commit(app, event):
    p = factories.make_participant(event, "FRA")
    photos.save_photo(p, photos.process_photo(image_bytes()))
    db.session.commit()
    first = photos.photo_path(p)
    photos.save_photo(p, photos.process_photo(image_bytes(colour=(0, 200, 0))))
    second = photos.photo_path(p)
    assert first.is_file() and second.is_file()  # until the transaction ends
    db.session.rollback()
    assert first.is_file() and not second.is_file()
    assert photos.photo_path(db.session.get(Participant, p.id)) == first
    photos.save_photo(p, photos.process_photo(image_bytes(colour=(0, 0, 200))))
    third = photos.photo_path(p)
    db.session.commit()
    assert third.is_file() and not first.is_file()
