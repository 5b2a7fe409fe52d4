"""The venue's map on badge backs: uploaded by admins at /admin/event, checked and kept
as PNG named after its content, printed on A6 and A4-sheet backs (not on the card),
drawn for the demo."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import select

from assembly.agenda.models import Room
from assembly.badges import demo, engine, render, services, venue_map
from assembly.badges.items import badge_item, event_data
from assembly.badges.models import FORMAT_A6, FORMAT_CARD, FORMAT_SHEET
from assembly.core.audit import AuditLog
from assembly.core.security import ROLES
from assembly.extensions import db
from tests import factories
from tests.registration.samples import bomb_png, image_bytes

UPLOAD = "/admin/event/venue-map"
IMAGE = "/admin/event/venue-map.png"
REMOVE = "/admin/event/venue-map/remove"
MM = 4 * 72 / 25.4  # pixels a millimetre at scale 4 (4 px a point)


def _png(width=2000, height=1000, colour=(31, 78, 121)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def _files() -> list[Path]:
    return sorted((Path(current_app.config["UPLOAD_DIR"]) / venue_map.FOLDER).glob("*"))


def _audit(action: str) -> list[AuditLog]:
    db.session.expire_all()
    stmt = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
    return db.session.scalars(stmt).all()


def _upload(client, data: bytes, filename="map.png"):
    return client.post(
        UPLOAD, data={"image": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "badge.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, timeout=30)
    return out.stdout.decode()


@pytest.fixture
def admin(event, login):
    return login(factories.make_user("admin"))


def test_an_admin_uploads_a_map_kept_as_a_png_named_after_its_content(client, admin, event):
    response = _upload(client, image_bytes(2400, 1200, "JPEG"), "map.jpg")
    assert response.status_code == 302
    (path,) = _files()
    assert re.fullmatch(rf"event-{event.id}-[0-9a-f]{{8}}\.png", path.name)
    with Image.open(path) as stored:
        assert stored.format == "PNG" and stored.size == (1600, 800)  # scaled to 1600 px long
    (entry,) = _audit("venue_map.upload")
    assert entry.actor_id == admin.id and entry.object_type == "event"
    assert entry.after["file"] == path.name and entry.before is None
    assert event_data(event)["venue_map"] == f"asset:upload/venue-maps/{path.name}"
    page = client.get("/admin/event").get_data(as_text=True)
    assert "Venue map (badge backs)" in page and "/admin/event/venue-map.png?v=" in page
    image = client.get(IMAGE)
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.headers["Cache-Control"] == "private, no-cache"
    assert image.data == path.read_bytes()


def test_a_new_map_replaces_the_old_file_under_a_new_name(client, admin):
    _upload(client, _png(colour=(200, 0, 0)))
    (old,) = _files()
    assert _upload(client, _png(colour=(0, 120, 0))).status_code == 302
    (new,) = _files()
    assert new.name != old.name
    assert _audit("venue_map.upload")[-1].before == {"file": old.name}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not an image at all", "not an image we can read"),
        (image_bytes(500, 400), "500x400 pixels: too small to print"),
        (bomb_png(), "decompression bomb"),
        (bomb_png(12000, 12000), "decompression bomb"),
        (image_bytes(800, 600, "GIF"), "must be a JPEG, PNG or WebP image, not GIF"),
        (b"", "The map file is empty."),
        (None, "Choose an image."),
    ],
    ids=["text", "small", "bomb", "bomb-below-pillow-limit", "gif", "empty", "no-file"],
)
def test_a_bad_upload_is_refused_beside_the_field_and_the_old_map_kept(
    client, admin, data, message
):
    _upload(client, _png())
    (old,) = _files()
    kept = old.read_bytes()
    if data is None:
        response = client.post(UPLOAD, data={}, content_type="multipart/form-data")
    else:
        response = _upload(client, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    errors = re.search(r'name="image"[^>]*>.*?</form>', page, re.S).group(0)
    assert message in errors and "invalid-feedback" in errors
    # The event's own form is still there, filled from the database.
    assert 'value="86th INTERPOL General Assembly"' in page
    assert 'action="/admin/event" novalidate id="event-form"' in page  # not to this URL
    assert _files() == [old] and old.read_bytes() == kept
    assert len(_audit("venue_map.upload")) == 1


def test_process_map_refuses_big_files_and_flattens_transparency(app):
    with pytest.raises(venue_map.VenueMapError, match="larger than 5 MB"):
        venue_map.process_map(b"x" * (venue_map.MAX_BYTES + 1))
    out = io.BytesIO()
    Image.new("RGBA", (900, 600), (0, 0, 0, 0)).save(out, "PNG")
    with Image.open(io.BytesIO(venue_map.process_map(out.getvalue()))) as image:
        assert image.size == (900, 600) and image.getpixel((10, 10)) == (255, 255, 255)


def test_an_admin_removes_the_map(client, admin):
    _upload(client, _png())
    (path,) = _files()
    response = client.post(REMOVE)
    assert response.status_code == 302 and _files() == []
    (entry,) = _audit("venue_map.remove")
    assert entry.before == {"file": path.name} and entry.actor_id == admin.id
    assert client.get(IMAGE).status_code == 404
    assert "No map yet" in client.get("/admin/event").get_data(as_text=True)
    assert client.post(REMOVE).status_code == 302 and len(_audit("venue_map.remove")) == 1


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_only_admins_see_upload_or_remove_the_map(client, login, event, role):
    venue_map.save_map(event, _png())
    db.session.commit()
    login(factories.make_user(role, country="CHN" if role == "focal_point" else None))
    assert client.get(IMAGE).status_code == 403
    assert _upload(client, _png(colour=(0, 0, 0))).status_code == 403
    assert client.post(REMOVE).status_code == 403
    assert len(_files()) == 1 and len(_audit("venue_map.upload")) == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    for method, url in (("GET", IMAGE), ("POST", UPLOAD), ("POST", REMOVE)):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def _back(person, fmt, sessions=None) -> bytes:
    badge = services.ensure_badges([person])[person.id]
    db.session.commit()
    item, _ = badge_item(person, badge, 1, fmt, sessions)
    return render.render_items([item], fmt, event_data(person.event), back_side=True, workers=1)


def test_a6_and_sheet_backs_print_the_map_below_the_sessions(approved, event, tmp_path):
    venue_map.save_map(event, _png(1600, 720, (20, 20, 20)))
    db.session.commit()
    person = approved("FRA", photo=False)
    sessions = [
        {"when": "Tue 09:00", "title": f"Session {n} " + "long title " * 8, "room": "Jade Room"}
        for n in range(10)
    ]
    pdf = _back(person, FORMAT_A6, sessions)
    text = _pdf_text(pdf, tmp_path)
    assert "VENUE MAP" in text and "MY SESSIONS" in text and "Tue 09:00 · Jade Room" in text
    back = engine.pdf_to_image(pdf, scale=4, page=1).convert("L")
    # The map's box (8 mm in, 81 to 121 mm down): drawn, not blank paper.
    box = back.crop((int(10 * MM), int(83 * MM), int(95 * MM), int(118 * MM)))
    assert box.getextrema()[0] < 64
    # Between the clipped sessions and the map's label: blank paper, nothing runs over.
    gap = back.crop((int(8 * MM), int(75.5 * MM), int(97 * MM), int(76.8 * MM)))
    assert gap.getextrema()[0] > 240
    # A sheet's back shows it too.
    assert "VENUE MAP" in _pdf_text(_back(person, FORMAT_SHEET, sessions), tmp_path)


def test_the_card_back_and_an_event_without_a_map_print_no_map(approved, event, tmp_path):
    person = approved("FRA", photo=False)
    assert event_data(event)["venue_map"] == ""
    assert "VENUE MAP" not in _pdf_text(_back(person, FORMAT_A6), tmp_path)
    venue_map.save_map(event, _png())
    db.session.commit()
    text = _pdf_text(_back(person, FORMAT_CARD), tmp_path)
    assert "EMERGENCY" in text and "VENUE MAP" not in text


def test_the_demo_draws_the_agendas_rooms_once(event):
    for order, (name, floor) in enumerate(
        [("Plenary Hall", "Ground floor"), ("Jade Room", "2nd floor"), ("Lotus Room", "3rd floor")]
    ):
        db.session.add(
            Room(event_id=event.id, name=name, capacity=100, floor=floor, sort_order=order)
        )
    db.session.commit()
    lines = demo.seed(event)
    assert "venue map: 3 rooms, printed on badge backs" in lines
    (path,) = _files()
    with Image.open(path) as image:
        assert image.size == demo.MAP_SIZE
        assert image.convert("L").getextrema()[0] < 100  # boxes and names drawn
    demo.seed(event)  # seeding again keeps the map
    assert _files() == [path]
