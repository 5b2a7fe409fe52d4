"""The venue's map, printed on the back of badges: one PNG an event, under
UPLOAD_DIR/venue-maps, named `event-<id>-<hash>.png` after its content.

The file is the state (no column holds it): the name changes with the picture,
so that nothing keyed by URL (WeasyPrint's image cache, the badge backgrounds'
names, a browser) ever shows an old map.
"""

import contextlib
import hashlib
import io
import os
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image

from assembly.core import images
from assembly.core.audit import record
from assembly.core.images import ImageRefused, load_image

FOLDER = "venue-maps"
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
# A map smaller than this prints blurred at the back's 89 mm (about 170 dpi).
MIN_SIDE = 600
# About 450 dpi at 89 mm: more only makes every print run's PDF heavier.
MAX_SIDE = 1600


class VenueMapError(ValueError):
    """The upload is not a map we can print; the message says why and what to send."""


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / FOLDER


def _files(event) -> list[Path]:
    """Return the map files of `event`, newest first (more than one only after a crash)."""
    stamped = []
    for path in _folder().glob(f"event-{event.id}-*.png"):
        with contextlib.suppress(FileNotFoundError):  # replaced meanwhile by another request
            stamped.append((path.stat().st_mtime_ns, path))
    return [path for _, path in sorted(stamped, reverse=True)]


def map_path(event) -> Path | None:
    """Return the file of `event`'s venue map, None when it has none."""
    files = _files(event)
    return files[0] if files else None


def map_url(event) -> str:
    """Return the `asset:` URL badges print `event`'s map from, "" when it has none."""
    path = map_path(event)
    return f"asset:upload/{FOLDER}/{path.name}" if path else ""


def _refusal(exc: ImageRefused) -> str:
    """Return the message, worded for a map, of an image load_image refused."""
    if exc.kind == images.TOO_LARGE:
        return _("The map is larger than 5 MB; send a smaller file.")
    if exc.kind == images.EMPTY:
        return _("The map file is empty.")
    if exc.kind == images.FORMAT:
        return _("The map must be a JPEG, PNG or WebP image, not %(format)s.", format=exc.format)
    if exc.kind == images.PIXELS:
        return _(
            "The image claims %(w)dx%(h)d pixels, too many for a map "
            "(a decompression bomb?); send a normal image.",
            w=exc.width,
            h=exc.height,
        )
    if exc.kind == images.BOMB:
        return _(
            "The image expands to too many pixels (a decompression bomb); send a normal image."
        )
    return _("This file is not an image we can read; send a JPEG, PNG or WebP image.")


def process_map(data: bytes) -> bytes:
    """Return `data` checked, upright and at most MAX_SIDE pixels long, as PNG.

    Raise VenueMapError saying what is wrong.
    """
    try:
        image = load_image(data, max_bytes=MAX_BYTES, formats=FORMATS, max_pixels=MAX_PIXELS)
    except ImageRefused as exc:
        raise VenueMapError(_refusal(exc)) from exc
    if max(image.size) < MIN_SIDE:
        raise VenueMapError(
            _(
                "The map is %(w)dx%(h)d pixels: too small to print. Send an image at least "
                "%(min)d pixels long on its longer side.",
                w=image.width,
                h=image.height,
                min=MIN_SIDE,
            )
        )
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No metadata carried over: a PNG of the pixels only.
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def save_map(event, data: bytes, *, actor=None) -> str:
    """Store uploaded `data` as `event`'s venue map and audit it; return the file's name.

    Raise VenueMapError (the old map kept) when `data` is not a usable image. The
    old map's file goes once the new one is written. The caller commits the audit entry.
    """
    png = process_map(data)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"event-{event.id}-{hashlib.sha256(png).hexdigest()[:8]}.png"
    old = _files(event)
    temp = folder / f".{name}.part"  # not matched by _files() while written
    temp.write_bytes(png)
    os.replace(temp, folder / name)
    for path in old:
        if path.name != name:
            path.unlink(missing_ok=True)
    with Image.open(io.BytesIO(png)) as image:
        size = image.size
    record(
        "venue_map.upload",
        event,
        before={"file": old[0].name} if old else None,
        after={"file": name, "width": size[0], "height": size[1], "bytes": len(png)},
        actor=actor,
    )
    return name


def remove_map(event, *, actor=None) -> bool:
    """Delete `event`'s venue map and audit it; return False when it had none."""
    files = _files(event)
    if not files:
        return False
    for path in files:
        path.unlink(missing_ok=True)
    record("venue_map.remove", event, before={"file": files[0].name}, actor=actor)
    return True
