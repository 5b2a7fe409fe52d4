"""Fixtures of the badges tests: approved participants with photos, staff of each kind."""

import subprocess
from pathlib import Path

import pytest
from flask import current_app
from flask_babel import force_locale
from PIL import Image, ImageDraw

from assembly.extensions import db
from tests import factories


def write_photo(participant, colour=(180, 140, 120)) -> None:
    """Give `participant` a 3:4 JPEG photo under UPLOAD_DIR/photos."""
    folder = Path(current_app.config["UPLOAD_DIR"]) / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (300, 400), colour)
    ImageDraw.Draw(image).ellipse((75, 60, 225, 240), fill=(230, 190, 160))
    name = f"p{participant.id}.jpg"
    image.save(folder / name, "JPEG", quality=85)
    participant.photo = name
    db.session.commit()


@pytest.fixture
def approved(event):
    """Return a function making an approved participant with a photo."""

    def make(iso3="CHN", photo=True, **fields):
        fields.setdefault("state", "approved")
        participant = factories.make_participant(event, iso3, **fields)
        if photo:
            write_photo(participant)
        return participant

    return make


@pytest.fixture
def officer(login):
    """Sign an accreditation officer in and return them."""
    return login(factories.make_user("officer"))


def decode_qr(png: bytes, tmp_path: Path) -> list[str]:
    """Return the QR codes zbarimg reads in a PNG image."""
    path = tmp_path / "scan.png"
    path.write_bytes(png)
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30
    )
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture(autouse=True)
def english(app):
    """Services called outside a request (as the worker and the CLI do) speak English."""
    with force_locale("en"):
        yield
