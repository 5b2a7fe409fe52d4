"""Sample data for the registration tests: valid fields, photos, a decompression bomb."""

import io
import re
import struct
import zlib

from PIL import Image
from sqlalchemy import func, select

from assembly.extensions import db
from assembly.registration.models import Participant

# Valid for the demo event (86th General Assembly, Beijing, 26-29 September 2017).
VALID = {
    "country": "FRA",
    "category": "Delegate",
    "title": "Commissaire",
    "given_name": "Jeanne",
    "family_name": "Dupré",
    "badge_name": "",
    "native_name": "",
    "nationality": "FRA",
    "date_of_birth": "1975-03-14",
    "passport_number": "18AB12345",
    "passport_expiry": "2027-06-30",
    "position": "Head of unit",
    "organization": "Police nationale",
    "email": "jeanne.dupre@example.org",
    "phone": "+33 4 72 44 70 00",
    "arrival_date": "2017-09-25",
    "departure_date": "2017-09-30",
    "language": "fr",
    "dietary": "",
    "accessibility": "",
    "consent": "y",
    "list_consent": "",
}


def fields(**changes) -> dict:
    """Return valid registration fields with `changes` applied (None removes a field)."""
    values = {**VALID, **changes}
    return {k: v for k, v in values.items() if v is not None}


def image_bytes(width=600, height=800, fmt="JPEG", orientation=None, colour=(200, 30, 30)):
    """Return an image file; `orientation` adds an EXIF orientation tag."""
    image = Image.new("RGB", (width, height), colour)
    # A marker in the top-left corner, to see where it ends up after rotation.
    image.paste((0, 0, 255), (0, 0, width // 4, height // 4))
    out = io.BytesIO()
    kwargs = {}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        exif[0x010F] = "CameraMaker"  # Make: must be stripped
        kwargs["exif"] = exif.tobytes()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def bomb_png(width=30000, height=30000) -> bytes:
    """Return a small PNG whose header claims `width` x `height` pixels."""
    small = io.BytesIO()
    Image.new("L", (10, 10)).save(small, "PNG")
    data = bytearray(small.getvalue())
    # IHDR is the first chunk: length(4) type(4) width(4) height(4) ... crc(4).
    ihdr = bytearray(data[12:29])
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)


def count_rows(email=None) -> int:
    """Return how many participants there are (with `email`, if given)."""
    db.session.expire_all()
    stmt = select(func.count()).select_from(Participant)
    if email:
        stmt = stmt.where(Participant.email == email)
    return db.session.scalar(stmt)


def field_errors(html: str, name: str) -> list[str]:
    """Return the error messages shown next to the form field `name`."""
    match = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match, f"no field {name}"
    tag = match.group(0)
    if "is-invalid" not in tag:
        return []
    rest = html[match.end() :]
    # The messages follow the field, before the next field's block.
    block = rest.split('<div class="mb-3">')[0].split('<div class="form-check')[0]
    return re.findall(r'<div class="invalid-feedback">(.*?)</div>', block, re.S)


def link_in(body: str) -> str:
    """Return the private link in a mail's text."""
    return re.search(r"https?://\S+/my/\S+", body).group(0)
