"""Badges as PDF (WeasyPrint) and PNG previews, fast enough for thousands at once.

Each badge is its category's background (header, colour band, ribbon: drawn once
as an image) under the person's own data, laid out with fixed millimetre sizes
(no percentages to resolve, no inline styles: badges share computed styles); the
QR code is a tiny grey PNG drawn by the URL fetcher (one image instead of hundreds
of SVG paths), flags are drawn once as images and photos are printed from their
badge-size copy (made when the photo is stored). WeasyPrint gets a leaner HTML
stylesheet (BadgeHTML). Large runs are cut into chunks, large first and small
last so that both workers finish together: the parent reads the database and
hands each chunk to one of two worker processes as soon as it is read; the
workers make QR codes, HTML and PDF; the parent merges the PDFs with qpdf
(pikepdf) as they come back.
"""

import gc
import hashlib
import io
import multiprocessing
import os
import re
import struct
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import segno
from flask import current_app
from PIL import Image
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from assembly.badges import fonts
from assembly.badges.models import FORMAT_A6, FORMAT_CARD, FORMAT_SHEET
from assembly.badges.tokens import make_token
from assembly.core.pdf import AssetFetcher, asset_roots
from assembly.registration import photos

# Badge-size photos: written when a photo is stored (registration.photos), here for older ones.
THUMB_SIZE = photos.BADGE_COPY_SIZE
THUMB_DIR = photos.BADGE_COPY_DIR

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
    ems = sum(map(_ems, text))
    if ems == 0:
        return largest
    size = width_mm * PT_PER_MM * 0.94 / ems
    # Half points: badges with equal sizes share their computed style in WeasyPrint.
    return max(smallest, min(largest, int(size * 2) / 2))


@lru_cache(maxsize=65536)
def _ems(char: str) -> float:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char.isspace():
        return 0.26
    if unicodedata.combining(char):
        return 0.0
    return 0.68 if char.isupper() else 0.56


def text_direction(text: str) -> str:
    """Return "rtl" when the first strong character of `text` is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


QR_PREFIX = "asset:qr/"


QR_BORDER = 2  # modules of white around the code
# Module value (0 light, 1 dark) to grey level: a translation table for bytes.translate.
_QR_GREY = bytes(255 if value == 0 else 0 for value in range(256))


def qr_png(token: str) -> bytes:
    """Return the QR code of `token` as an 8-bit grey PNG, one pixel per module.

    Written directly from the code's matrix: segno's PNG writer walks it module by
    module in Python, and its 1-bit PNG is converted to RGB and encoded again by
    WeasyPrint; an 8-bit grey PNG is embedded as it is.
    """
    # A fixed mask: choosing the best of eight takes 3 ms a code, and any mask scans.
    matrix = segno.make(token, error="m", micro=False, mask=0).matrix
    width = len(matrix[0]) + 2 * QR_BORDER
    edge = b"\xff" * QR_BORDER
    blank = [b"\x00" + b"\xff" * width] * QR_BORDER  # each row starts with filter type 0
    rows = [b"\x00" + edge + bytes(row).translate(_QR_GREY) + edge for row in matrix]
    header = struct.pack(">IIBBBBB", width, width, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"".join(blank + rows + blank))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + (_png_chunk(b"IEND", b""))
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


FLAG_DIR = "vendor/flag-icons/flags/4x3"
RASTER_DIR = "badge-assets"
# Pixel sizes of the raster copies: about 300 dpi at their size on an A6 badge.
FLAG_PX = (240, 180)
LOGO = "img/logo.svg"
BACKGROUND_DPI = 300
BACKGROUND_BASE = "pdf/badges/category_base.html"


@lru_cache(maxsize=512)
def _flag_exists(static_folder: str, iso2: str) -> bool:
    return (Path(static_folder) / FLAG_DIR / f"{iso2}.svg").is_file()


def raster_name(svg: str) -> str:
    """Return the file name of the PNG copy of static SVG `svg` (under UPLOAD_DIR/badge-assets)."""
    return svg.replace("/", "_").removesuffix(".svg") + ".png"


def make_raster(roots: dict[str, str], svg: str, size: tuple[int, int]) -> None:
    """Draw static SVG `svg` once as a PNG of `size` pixels, unless an up-to-date copy exists.

    WeasyPrint draws an SVG again, path by path, at every use; a PNG is embedded once per
    document and only referenced after that. Flags and the logo print on every badge.
    """
    source = Path(roots["static"]) / svg
    target = Path(roots["upload"]) / RASTER_DIR / raster_name(svg)
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    width, height = size
    html = (
        f"<style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }}</style>"
        f'<img src="asset:static/{svg}" style="display: block; width: {width}px; '
        f'height: {height}px">'
    )
    image = pdf_to_image(_render(html, roots), scale=4 / 3)  # 1 CSS px = 0.75 pt
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    image.save(tmp, "PNG", optimize=False)
    os.replace(tmp, target)  # two workers may draw the same flag: the last one wins


def _photo_source(participant) -> str | None:
    """Return the stored photo of `participant` (UPLOAD_DIR/photos/<photo>), if any."""
    if not participant.photo:
        return None
    # os.path, not pathlib: called for every badge of a print run.
    path = os.path.join(current_app.config["UPLOAD_DIR"], "photos", participant.photo)
    return path if os.path.isfile(path) else None


def make_thumbnail(upload_dir: str, name: str) -> bool:
    """Write the badge-sized copy of photo `name` unless an up-to-date one exists.

    Photos stored by the registration area come with theirs; this makes it for
    photos that came another way (or before), once.
    """
    source = Path(upload_dir) / "photos" / name
    target = Path(upload_dir) / THUMB_DIR / name
    try:
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            return True
        copy = photos.badge_copy(source.read_bytes())
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_bytes(copy)
        os.replace(tmp, target)
        return True
    except (OSError, ValueError):  # unreadable: Pillow raises OSError or ValueError
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
    flag = f"{FLAG_DIR}/{iso2}.svg" if iso2 and _flag_exists(static, iso2) else ""
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
        "color": _color(participant.category.color),
        "country": delegation.country.name if delegation else "",
        "flag": flag,
        "flag_src": f"asset:upload/{RASTER_DIR}/{raster_name(flag)}" if flag else "",
        "organization": "" if delegation else participant.organization_name,
        "photo": photo,
        "token": make_token(badge.id, version),
        "qr": None,  # an asset:qr/ URL, drawn by the fetcher (in the workers for big runs)
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


def _color(value: str | None) -> str:
    # Printed into the document's stylesheet: only a plain hex colour gets there.
    return (
        value if value and re.fullmatch(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?", value) else "#1f4e79"
    )


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


@lru_cache(maxsize=64)
def _category_template(slug: str, known: frozenset) -> str:
    name = f"pdf/badges/categories/{slug}.html"
    return name if name in known else BACKGROUND_BASE


def _templates() -> frozenset:
    env = current_app.jinja_env
    cache = current_app.extensions.setdefault("badge_templates", {})
    if "known" not in cache:
        cache["known"] = frozenset(env.list_templates(filter_func=lambda n: "badges/" in n))
    return cache["known"]


def _chunk_sizes(total: int, workers: int):
    """Yield badges per chunk: large first, smaller towards the end, multiples of 4.

    Each chunk is about a quarter of what remains per worker (48 to 240 badges):
    few documents (each costs a little: fonts are subset per document) while
    there is much to do, small ones at the end so that both workers finish together.
    """
    remaining = total
    while remaining > 0:
        size = -(-remaining // (max(workers, 1) * 2))
        size = max(48, min(240, -(-size // 4) * 4))
        yield size
        remaining -= size


def _pages(items: list[dict], fmt: str, back_side: bool) -> list[dict]:
    """Lay badges out on pages: one a page, or four an A4 sheet (backs mirrored for duplex)."""
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
    backgrounds = _prepare_items(items, fmt, event)
    make_backgrounds(current_app.jinja_env, asset_roots(), backgrounds)
    return _document(current_app.jinja_env, items, fmt, event, back_side, photo_dir)


def _prepare_items(items: list[dict], fmt: str, event: dict) -> dict[str, dict]:
    """Point each badge at its category's background; return the backgrounds to draw.

    A background is named after a hash of what it shows (event, category, format,
    templates), so a change to any of them draws a new one.
    """
    known = _templates()
    env = current_app.jinja_env
    backgrounds, by_slug = {}, {}
    fmt_bg = FORMAT_CARD if fmt == FORMAT_CARD else FORMAT_A6
    for item in items:
        slug = item["category_slug"]
        if slug not in by_slug:
            template = _category_template(slug, known)
            files = [env.get_template(t).filename for t in (template, BACKGROUND_BASE)]
            category = {"name": item["category"], "color": item["color"]}
            mtimes = [Path(f).stat().st_mtime for f in files]
            content = (sorted(event.items()), fmt_bg, sorted(category.items()), template, mtimes)
            key = hashlib.sha256(repr(content).encode()).hexdigest()[:16]
            name = f"bg-{slug}-{fmt_bg}-{key}.jpg"
            backgrounds[name] = {
                "template": template,
                "fmt": fmt_bg,
                "event": event,
                "category": category,
            }
            by_slug[slug] = f"asset:upload/{RASTER_DIR}/{name}"
        item["background"] = by_slug[slug]
    return backgrounds


def make_backgrounds(env, roots: dict[str, str], backgrounds: dict[str, dict]) -> None:
    """Draw the category backgrounds that do not exist yet, at 300 dpi."""
    folder = Path(roots["upload"]) / RASTER_DIR
    for name, spec in backgrounds.items():
        target = folder / name
        if target.is_file():
            continue
        html = env.get_template(spec["template"]).render(**spec)
        image = pdf_to_image(_render(html, roots), scale=BACKGROUND_DPI / 72)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        # JPEG: embedded as it is, where WeasyPrint would unpack and pack a PNG again
        # in every document.
        image.convert("RGB").save(tmp, "JPEG", quality=92)
        os.replace(tmp, target)  # two workers may draw the same one: the last one wins


def _document(env, items, fmt, event, back_side, photo_dir) -> str:
    # The Jinja environment directly, not render_template: a worker process has no
    # request, and a PDF needs none of the site's context processors.
    for item in items:
        item["qr"] = QR_PREFIX + item["token"]
    return env.get_template("pdf/badges/document.html").render(
        colors={i["category_slug"]: i["color"] for i in items},
        # Font sizes of the names (half points), as classes: an inline style would give
        # every badge a computed style of its own.
        sizes=sorted({int(i[k] * 2) for i in items for k in ("name_size", "native_size")}),
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
        "logo": f"asset:static/{LOGO}",
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


class BadgeFetcher(AssetFetcher):
    """The asset fetcher, plus `asset:qr/<token>`: the QR code drawn when WeasyPrint asks.

    A short URL instead of a data URI in the HTML: the parser need not read a
    long attribute for every badge.
    """

    def fetch(self, url, headers=None):
        if url.startswith(QR_PREFIX):
            png = qr_png(url[len(QR_PREFIX) :])
            return URLFetcherResponse(url, body=png, headers={"Content-Type": "image/png"})
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def _user_agent_stylesheet():
    """Return WeasyPrint's HTML stylesheet without what badges never use, or None.

    Its universal rules for ::marker, footnotes and notes give every element six
    pseudo-element styles to compute, and its @page rules sixteen margin boxes to
    every page: a fifth of a badge's layout time. Badges have no footnotes, notes
    or page margin boxes, and list markers are kept for list items: what prints is
    the same (a test compares the pages' pixels).
    """
    try:
        from weasyprint import CSS
        from weasyprint.html import UA, UA_COUNTER_STYLE
    except ImportError:  # another WeasyPrint version: its own stylesheet, as it is
        return None
    text = re.sub(r"^::marker ", "li::marker ", UA, flags=re.M)
    text = re.sub(
        r"^::(footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^}]*\}$",
        "",
        text,
        flags=re.M,
    )
    text = re.sub(r"^@page \{.*?^\}", "@page { margin: 75px }", text, flags=re.M | re.S)
    return CSS(string=text, counter_style=UA_COUNTER_STYLE)


class BadgeHTML(HTML):
    """A WeasyPrint document of badges, with the leaner stylesheet above."""

    def _ua_stylesheets(self, forms=False):
        lean = _user_agent_stylesheet()
        return super()._ua_stylesheets(forms) if lean is None or forms else [lean]


def _render(html: str, roots: dict[str, str]) -> bytes:
    document = BadgeHTML(string=html, base_url="asset:/", url_fetcher=BadgeFetcher(roots))
    # No cyclic garbage collection while laying out: WeasyPrint makes many small
    # objects, and the collector's passes over them cost a tenth of the time.
    gc.disable()
    try:
        return document.render(font_config=_font_config()).write_pdf()
    finally:
        gc.enable()


def prepare_assets(roots: dict[str, str], items: list[dict], thumbnails: bool = True) -> None:
    """Make the photo thumbnails and raster flags these badges need."""
    for flag in {i["flag"] for i in items if i["flag"]}:
        make_raster(roots, flag, FLAG_PX)
    if thumbnails:
        for item in items:
            if item["photo"]:
                make_thumbnail(roots["upload"], item["photo"])


# The app's Jinja environment, set before forking: the workers render HTML with it.
_worker_env = None


def _render_chunk(job: tuple) -> bytes:
    """Worker: make the chunk's QR codes, thumbnails, flags and HTML, then its PDF."""
    items, fmt, event, back_side, roots, backgrounds = job
    make_backgrounds(_worker_env, roots, backgrounds)
    prepare_assets(roots, items)
    return _render(_document(_worker_env, items, fmt, event, back_side, THUMB_DIR), roots)


def render_items(
    items: Iterable[dict],
    fmt: str,
    event: dict,
    back_side: bool = False,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    chunk: int | None = None,
    total: int | None = None,
    out: Path | None = None,
) -> bytes | None:
    """Render badges to one PDF: in this process when few, else in chunks on `workers` processes.

    Return the PDF, or write it to `out` (qpdf writes the file directly) and return None.

    `items` may be a generator: each chunk goes to a worker as soon as it is made,
    so the workers draw while the parent still reads the database. QR codes,
    thumbnails, HTML and layout are made in the workers; the parent gathers the
    PDFs in order as they come.
    """
    global _worker_env
    _worker_env = current_app.jinja_env
    roots = asset_roots()
    if total is None:
        items = list(items)
        total = len(items)
    sizes = list(_chunk_sizes(total, workers)) if chunk is None else [chunk] * -(-total // chunk)
    pool = None
    if workers > 1 and len(sizes) > 1:
        # fork: the workers inherit the loaded fonts, libraries and templates.
        # Frozen, the parent's objects are left out of the workers' garbage collections
        # (which would walk them all, and copy the memory pages they sit in).
        gc.freeze()
        try:
            pool = multiprocessing.get_context("fork").Pool(min(workers, len(sizes)))
        finally:
            gc.unfreeze()
    parts, done, pending = [], 0, []
    merged = pikepdf.Pdf.new()

    def gather(result) -> None:
        # qpdf (pikepdf) copies pages without parsing them in Python: ten times pypdf's speed.
        nonlocal done
        part, size = result
        source = pikepdf.Pdf.open(io.BytesIO(part))
        parts.append((part, source))
        merged.pages.extend(source.pages)
        done += size
        if progress:
            progress(done)

    try:
        for part in _chunks(items, sizes):
            job = (part, fmt, event, back_side, roots, _prepare_items(part, fmt, event))
            if pool is None:
                gather((_render_chunk(job), len(part)))
            else:
                pending.append((pool.apply_async(_render_chunk, (job,)), len(part)))
            # Gather what is ready in order, so that merging overlaps drawing.
            while pending and pending[0][0].ready():
                result, size = pending.pop(0)
                gather((result.get(), size))
        for result, size in pending:
            gather((result.get(), size))
        if len(parts) == 1 and out is None:
            return parts[0][0]
        if out is not None:
            merged.save(out)
            return None
        pdf = io.BytesIO()
        merged.save(pdf)
        return pdf.getvalue()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        for _, source in parts:
            source.close()


def _chunks(items: Iterable[dict], sizes: list[int]):
    sizes, part = iter(sizes), []
    size = next(sizes, 0)
    for item in items:
        part.append(item)
        if len(part) == size:
            yield part
            part, size = [], next(sizes, size)
    if part:
        yield part


def render_badge_pdf(participant, badge, fmt: str = FORMAT_A6, back_side: bool = False) -> bytes:
    """Render one participant's current badge (for previews and tests)."""
    item, _ = badge_item(participant, badge, badge.version, fmt)
    prepare_assets(asset_roots(), [item])
    return _render(
        document_html([item], fmt, event_data(participant.event), back_side), asset_roots()
    )


def pdf_to_image(pdf: bytes, scale: float = 1.0, page: int = 0) -> Image.Image:
    """Rasterize a page of a PDF with PDFium (in process: no subprocess to start)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].render(scale=scale).to_pil()
    finally:
        document.close()


def pdf_to_png(pdf: bytes, dpi: int = 96) -> bytes:
    """Return the first page of a PDF as PNG bytes at `dpi`."""
    out = io.BytesIO()
    pdf_to_image(pdf, scale=dpi / 72).save(out, "PNG", compress_level=1)
    return out.getvalue()
