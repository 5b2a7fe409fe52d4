"""Badge photos: checked with Pillow, turned upright, stripped of metadata,
cropped to the badge's 3:4 frame and kept as JPEG under UPLOAD_DIR/photos,
outside static/, so that only the views that check who asks can serve them.

A form that comes back with an error keeps the uploaded photo as a temporary
upload (UPLOAD_DIR/tmp) named by a signed token in a hidden field.
"""

import io
import os
import secrets
import time
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps
from sqlalchemy import event
from sqlalchemy.orm import Session

from assembly.core import images
from assembly.core.images import ImageRefused, load_image
from assembly.core.security import TokenError, sign, unsign
from assembly.extensions import db

MAX_BYTES = 5 * 1024 * 1024
# Refused before decoding: a small file that would expand to gigabytes.
MAX_PIXELS = 40_000_000
MIN_WIDTH, MIN_HEIGHT = 300, 400
# Kept photos are at most this size (3:4): plenty for a printed badge.
STORED_WIDTH, STORED_HEIGHT = 900, 1200
FORMATS = {"JPEG", "PNG", "WEBP"}
TEMP_PURPOSE = "photo-upload"
TEMP_MAX_AGE = 6 * 3600
# Session.info key: files to delete once the transaction ends.
PENDING_FILES = "photo_files"
# The badge-size copy (about 200 dpi at a badge's 33 x 44 mm), made when the photo is
# stored so that a print run of thousands only reads it (assembly/badges/assets.py).
BADGE_COPY_DIR = "badge-photos"
BADGE_COPY_SIZE = (240, 320)


class PhotoError(ValueError):
    """The upload is not a photo we can use; the message says why and what to send."""


def _open(data: bytes) -> Image.Image:
    """Return the upright image in `data`, or raise PhotoError saying what is wrong."""
    try:
        return load_image(data, max_bytes=MAX_BYTES, formats=FORMATS, max_pixels=MAX_PIXELS)
    except ImageRefused as exc:
        raise PhotoError(_refusal(exc)) from exc


def _refusal(exc: ImageRefused) -> str:
    """Return the message, worded for a photo, of an image load_image refused."""
    if exc.kind == images.TOO_LARGE:
        return _("The photo is larger than 5 MB; send a smaller file.")
    if exc.kind == images.EMPTY:
        return _("The photo file is empty.")
    if exc.kind == images.FORMAT:
        return _("The photo must be a JPEG, PNG or WebP image, not %(format)s.", format=exc.format)
    if exc.kind == images.PIXELS:
        return _(
            "The image claims %(w)dx%(h)d pixels, too many to be a photo "
            "(a decompression bomb?); send a normal photo.",
            w=exc.width,
            h=exc.height,
        )
    if exc.kind == images.BOMB:
        return _(
            "The image expands to too many pixels (a decompression bomb); send a normal photo."
        )
    return _("This file is not an image we can read; send a JPEG, PNG or WebP photo.")


def frame(width: int, height: int) -> tuple[int, int]:
    """Return the largest 3:4 frame (width, height) inside `width` x `height`."""
    if width * 4 >= height * 3:
        return height * 3 // 4, height
    return width, width * 4 // 3


def process_photo(data: bytes, *, x: float = 0.5, y: float = 0.5) -> bytes:
    """Return `data` as a verified, upright, stripped 3:4 JPEG; raise PhotoError.

    `x` and `y` (0 to 1) place the frame: 0.5 centres it, 0 takes the left
    or top edge, 1 the right or bottom one.
    """
    image = _open(data)
    width, height = image.size
    crop_w, crop_h = frame(width, height)
    if crop_w < MIN_WIDTH or crop_h < MIN_HEIGHT:
        raise PhotoError(
            _(
                "The photo is %(w)dx%(h)d pixels: too small for a badge. Send a photo of "
                "at least %(min_w)dx%(min_h)d pixels (width x height, portrait).",
                w=width,
                h=height,
                min_w=MIN_WIDTH,
                min_h=MIN_HEIGHT,
            )
        )
    x, y = min(max(float(x), 0.0), 1.0), min(max(float(y), 0.0), 1.0)
    left, top = round((width - crop_w) * x), round((height - crop_h) * y)
    image = image.crop((left, top, left + crop_w, top + crop_h))
    if crop_w > STORED_WIDTH:
        image = image.resize((STORED_WIDTH, STORED_HEIGHT), Image.Resampling.LANCZOS)
    return _jpeg(image)


def _jpeg(image: Image.Image, quality: int = 88) -> bytes:
    out = io.BytesIO()
    # No exif= argument: the stored file carries no metadata (location, camera).
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def normalize_photo(data: bytes) -> bytes:
    """Return `data` verified, upright and stripped, uncropped, as JPEG (for a form's preview).

    Raises PhotoError for what `process_photo` would refuse, the size included.
    """
    process_photo(data)
    return _jpeg(_open(data), quality=92)


def _folder(name: str) -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(path: Path, data: bytes) -> None:
    temp = path.with_suffix(".part")
    temp.write_bytes(data)
    os.replace(temp, path)


def badge_copy(jpeg: bytes) -> bytes:
    """Return the badge-size copy of a stored (3:4) photo, as JPEG."""
    with Image.open(io.BytesIO(jpeg)) as image:
        image.draft("RGB", BADGE_COPY_SIZE)  # a JPEG decodes at 1/2, 1/4 or 1/8 size: fast
        image = image.convert("RGB")
        if abs(image.width * 4 - image.height * 3) > 8:  # not 3:4: crop the centre
            image = ImageOps.fit(image, BADGE_COPY_SIZE, method=Image.Resampling.BILINEAR)
        else:
            image = image.resize(BADGE_COPY_SIZE, Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def save_photo(participant, jpeg: bytes) -> None:
    """Store `jpeg` as `participant`'s photo (replacing the old file); the caller commits.

    The old file goes once the commit is done; on a rollback the new one goes instead.
    The badge-size copy is written and dropped with it.
    """
    folder, copies = _folder("photos"), _folder(BADGE_COPY_DIR)
    name = f"{participant.id}-{secrets.token_hex(8)}.jpg"
    _write(folder / name, jpeg)
    _write(copies / name, badge_copy(jpeg))
    old = participant.photo
    participant.photo = name
    files = db.session.info.setdefault(PENDING_FILES, {"commit": [], "rollback": []})
    files["rollback"] += [folder / name, copies / name]
    if old and old != name:
        files["commit"] += [folder / Path(old).name, copies / Path(old).name]


@event.listens_for(Session, "after_commit")
def _drop_replaced_photos(session) -> None:
    for path in session.info.pop(PENDING_FILES, {}).get("commit", []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_soft_rollback")
def _drop_unsaved_photos(session, previous_transaction) -> None:
    if previous_transaction.parent is not None:
        return  # a savepoint: the outer transaction may still commit
    for path in session.info.pop(PENDING_FILES, {}).get("rollback", []):
        path.unlink(missing_ok=True)


def photo_path(participant) -> Path | None:
    """Return the file of `participant`'s photo, None when there is none."""
    if not participant.photo:
        return None
    path = Path(current_app.config["UPLOAD_DIR"]) / "photos" / Path(participant.photo).name
    return path if path.is_file() else None


def photo_files(name: str) -> list[Path]:
    """Return the files of stored photo `name`: the photo and its badge-size copy."""
    upload = Path(current_app.config["UPLOAD_DIR"])
    return [upload / folder / Path(name).name for folder in ("photos", BADGE_COPY_DIR)]


def save_temp_photo(jpeg: bytes) -> str:
    """Keep an upload for a form shown again; return the signed token naming it."""
    folder = _folder("tmp")
    _sweep(folder)
    name = secrets.token_hex(16) + ".jpg"
    _write(folder / name, jpeg)
    return sign(TEMP_PURPOSE, name)


def temp_photo_path(token: str) -> Path | None:
    """Return the temporary upload a token names, None if unknown, forged or too old."""
    try:
        name = unsign(TEMP_PURPOSE, token, max_age=TEMP_MAX_AGE)
    except TokenError:
        return None
    if not isinstance(name, str):
        return None
    path = Path(current_app.config["UPLOAD_DIR"]) / "tmp" / Path(name).name
    return path if path.is_file() else None


def sweep_temp_uploads() -> None:
    """Delete the temporary uploads of forms shown again that are older than their tokens."""
    _sweep(_folder("tmp"))


def _sweep(folder: Path) -> None:
    """Delete temporary uploads older than their tokens' life."""
    limit = time.time() - TEMP_MAX_AGE
    for path in folder.glob("*.jpg"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass
