"""Badges as PDF (WeasyPrint) and PNG previews, fast enough for thousands at once.

Each badge is laid out from `templates/pdf/badges/` with fixed millimetre sizes
(no percentages to resolve), the QR code as a tiny PNG drawn without smoothing
(one image instead of hundreds of SVG paths) and photos shrunk once to badge size.
Large runs are cut into chunks rendered by two worker processes and merged
with pypdf: the parent builds the HTML (it has the app and the database), the
workers only run WeasyPrint.
"""

import io
import multiprocessing
import os
import subprocess
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import segno
from flask import current_app
from PIL import Image, ImageOps
from pypdf import PdfWriter
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from assembly.badges import fonts
from assembly.badges.models import FORMAT_A6, FORMAT_CARD, FORMAT_SHEET
from assembly.badges.tokens import make_token
from assembly.core.pdf import AssetFetcher, asset_roots

THUMB_SIZE = (240, 320)  # 3:4, about 200 dpi at the badge's 30 x 40 mm
THUMB_DIR = "badge-photos"
CHUNK = 96  # badges per chunk: a multiple of 4 (sheets never straddle chunks)

# Name lines per format: (width in mm, largest and smallest font size in pt).
NAME_FIT = {
    FORMAT_A6: {"name": (95, 24, 9), "native": (95, 18, 8)},
    FORMAT_CARD: {"name": (34, 11, 5), "native": (34, 9, 5)},
}
NAME_FIT[FORMAT_SHEET] = NAME_FIT[FORMAT_A6]
PT_PER_MM = 72 / 25.4


def fit_size(text: str, width_mm: float, largest: float, smallest: float) -> float:
    """Return a font size (pt) that fits `text` on one line of `width_mm`.

    The width is estimated from the characters: full-width (CJK) ones take
    one em, capitals about 0.68, others 0.56, spaces 0.26; a little to spare.
    """
    ems = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            ems += 1.0
        elif char.isspace():
            ems += 0.26
        elif unicodedata.combining(char):
            continue
        elif char.isupper():
            ems += 0.68
        else:
            ems += 0.56
    if ems == 0:
        return largest
    size = width_mm * PT_PER_MM * 0.94 / ems
    return round(max(smallest, min(largest, size)), 1)


def text_direction(text: str) -> str:
    """Return "rtl" when the first strong character of `text` is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def qr_data_uri(token: str) -> str:
    """Return the QR code of `token` as a PNG data URI, one pixel per module."""
    return segno.make(token, error="m", micro=False).png_data_uri(scale=1, border=2)


@lru_cache(maxsize=512)
def _flag_exists(static_folder: str, iso2: str) -> bool:
    return (Path(static_folder) / "vendor/flag-icons/flags/4x3" / f"{iso2}.svg").is_file()


def _photo_source(participant) -> Path | None:
    """Return the stored photo of `participant` (UPLOAD_DIR/photos/<photo>), if any."""
    if not participant.photo:
        return None
    path = Path(current_app.config["UPLOAD_DIR"]) / "photos" / participant.photo
    return path if path.is_file() else None


def make_thumbnail(upload_dir: str, name: str) -> bool:
    """Write the badge-sized copy of photo `name` unless an up-to-date one exists."""
    source = Path(upload_dir) / "photos" / name
    target = Path(upload_dir) / THUMB_DIR / name
    try:
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            return True
        with Image.open(source) as image:
            image.draft("RGB", THUMB_SIZE)  # JPEG decodes at 1/2, 1/4 or 1/8 size: fast
            image = ImageOps.fit(image.convert("RGB"), THUMB_SIZE)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        image.save(tmp, "JPEG", quality=82)
        os.replace(tmp, target)
        return True
    except OSError:
        return False


def badge_item(participant, badge, version: int, fmt: str, sessions=None) -> tuple[dict, list]:
    """Return a badge's plain data for the templates and the names no font can draw."""
    report = []
    name = participant.printed_name
    missing = fonts.missing_characters(name)
    if missing:
        report.append(_report(participant, "printed_name", name, missing))
        fallback = f"{participant.given_name} {participant.family_name}".strip()
        name = fallback if not fonts.missing_characters(fallback) else ""
    native = participant.native_name or ""
    missing = fonts.missing_characters(native)
    if missing:
        report.append(_report(participant, "native_name", native, missing))
        native = ""
    fit = NAME_FIT[fmt]
    delegation = participant.delegation
    iso2 = delegation.country.iso2.lower() if delegation else ""
    static = current_app.static_folder
    photo = participant.photo if _photo_source(participant) else None
    item = {
        "id": participant.id,
        "name": name,
        "name_size": fit_size(name, *fit["name"]),
        "native": native,
        "native_size": fit_size(native, *fit["native"]),
        "native_dir": text_direction(native),
        "title": " · ".join(p for p in (participant.title, participant.position) if p),
        "category": participant.category.name,
        "category_slug": _slug(participant.category.name),
        "color": participant.category.color or "#1f4e79",
        "country": delegation.country.name if delegation else "",
        "flag": f"asset:static/vendor/flag-icons/flags/4x3/{iso2}.svg"
        if iso2 and _flag_exists(static, iso2)
        else "",
        "organization": "" if delegation else participant.organization_name,
        "photo": photo,
        "qr": qr_data_uri(make_token(badge.id, version)),
        "sessions": sessions or [],
        "printable": bool(name),
    }
    return item, report


def _report(participant, field: str, text: str, missing: str) -> dict:
    return {
        "participant_id": participant.id,
        "name": participant.printed_name,
        "field": field,
        "text": text,
        "characters": " ".join(f"U+{ord(c):04X}" for c in missing),
    }


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


@lru_cache(maxsize=64)
def _front_template(slug: str, known: frozenset) -> str:
    name = f"pdf/badges/categories/{slug}.html"
    return name if name in known else "pdf/badges/front.html"


def _templates() -> frozenset:
    env = current_app.jinja_env
    cache = current_app.extensions.setdefault("badge_templates", {})
    if "known" not in cache:
        cache["known"] = frozenset(env.list_templates(filter_func=lambda n: "badges/" in n))
    return cache["known"]


def _pages(items: list[dict], fmt: str, back_side: bool) -> list[dict]:
    """Lay badges out on pages: one a page, or four an A4 sheet (backs mirrored for duplex)."""
    known = _templates()
    for item in items:
        item["template"] = _front_template(item["category_slug"], known)
    if fmt != FORMAT_SHEET:
        pages = []
        for item in items:
            pages.append({"slots": [("front", item)]})
            if back_side:
                pages.append({"slots": [("back", item)]})
        return pages
    pages = []
    for start in range(0, len(items), 4):
        group = items[start : start + 4] + [None] * (4 - len(items[start : start + 4]))
        pages.append({"sheet": True, "slots": [("front", i) for i in group]})
        if back_side:
            # Flipped on the long edge, the left badge's back lands on the right.
            mirrored = [group[1], group[0], group[3], group[2]]
            pages.append({"sheet": True, "slots": [("back", i) for i in mirrored]})
    return pages


def document_html(
    items: list[dict], fmt: str, event: dict, back_side: bool = False, photo_dir: str = THUMB_DIR
) -> str:
    """Return the HTML of a document of badges (`photo_dir`: thumbnails or "photos")."""
    # The Jinja environment directly: no request needed (the worker has none) and no
    # context processors to run for a document that shows no user-facing chrome.
    template = current_app.jinja_env.get_template("pdf/badges/document.html")
    return template.render(
        pages=_pages(items, fmt, back_side),
        fmt=fmt,
        event=event,
        photo_dir=photo_dir,
    )


def event_data(event) -> dict:
    """Return what badges print about the event (plain data)."""
    return {
        "name": f"{_ordinal(event.number)} INTERPOL General Assembly",
        "place": f"{event.city} · {event.start_date:%d}–{event.end_date:%d %B %Y}",
        "venue": event.venue or event.city,
        "emergency": current_app.config.get(
            "BADGE_EMERGENCY_NUMBERS", "Police 110 · Ambulance 120 · Fire 119"
        ),
        "logo": "asset:static/img/logo.svg",
    }


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


_local = threading.local()


def _font_config() -> FontConfiguration:
    # Kept for the life of the process (per thread: Pango is not thread-safe): a new
    # FontConfiguration for every document loads the fonts again, doubling a preview's time.
    if getattr(_local, "pid", None) != os.getpid():
        _local.pid, _local.fonts = os.getpid(), FontConfiguration()
    return _local.fonts


def _render(html: str, roots: dict[str, str]) -> bytes:
    document = HTML(string=html, base_url="asset:/", url_fetcher=AssetFetcher(roots))
    return document.render(font_config=_font_config()).write_pdf()


def _render_chunk(job: tuple) -> bytes:
    """Worker: make the chunk's thumbnails, then render its HTML to PDF."""
    html, roots, photos = job
    for name in photos:
        make_thumbnail(roots["upload"], name)
    return _render(html, roots)


def render_items(
    items: list[dict],
    fmt: str,
    event: dict,
    back_side: bool = False,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> bytes:
    """Render badges to one PDF: in this process when few, else in chunks on `workers` processes."""
    roots = asset_roots()
    jobs = []
    for start in range(0, len(items), chunk):
        part = items[start : start + chunk]
        html = document_html(part, fmt, event, back_side)
        jobs.append(((html, roots, [i["photo"] for i in part if i["photo"]]), len(part)))
    if len(jobs) == 1 or workers <= 1:
        parts = []
        done = 0
        for job, size in jobs:
            parts.append(_render_chunk(job))
            done += size
            if progress:
                progress(done)
    else:
        # fork: the workers inherit the loaded fonts and libraries, nothing to re-import.
        context = multiprocessing.get_context("fork")
        parts = []
        done = 0
        with context.Pool(workers, maxtasksperchild=8) as pool:
            for (_, size), pdf in zip(
                jobs, pool.imap(_render_chunk, [j for j, _ in jobs]), strict=True
            ):
                parts.append(pdf)
                done += size
                if progress:
                    progress(done)
    return merge(parts)


def merge(parts: list[bytes]) -> bytes:
    """Concatenate PDFs into one."""
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_badge_pdf(participant, badge, fmt: str = FORMAT_A6, back_side: bool = False) -> bytes:
    """Render one participant's current badge (for previews and tests)."""
    item, _ = badge_item(participant, badge, badge.version, fmt)
    if item["photo"]:
        make_thumbnail(current_app.config["UPLOAD_DIR"], item["photo"])
    return _render(
        document_html([item], fmt, event_data(participant.event), back_side), asset_roots()
    )


def pdf_to_png(pdf: bytes, dpi: int = 96) -> bytes:
    """Rasterize the first page of a PDF with poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "badge.pdf"
        source.write_bytes(pdf)
        # poppler's pdftoppm, with fixed arguments and our own temporary files.
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(source),
                str(Path(folder) / "badge"),
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return (Path(folder) / "badge.png").read_bytes()
