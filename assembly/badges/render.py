"""Badges as PDF, fast enough for thousands at once: documents and their layout.

What each badge shows comes from items.py; WeasyPrint itself is driven by
engine.py; the images badges print (flags, photos, backgrounds) are made once by
assets.py.

Each badge is its category's background (header, colour band, ribbon: drawn once
as an image) under the person's own data, laid out with fixed millimetre sizes
(no percentages to resolve, no inline styles: badges share computed styles); the
QR code is a tiny grey PNG drawn by the URL fetcher (one image instead of hundreds
of SVG paths), flags are drawn once as images and photos are printed from their
badge-size copy (made when the photo is stored). Large runs are cut into chunks,
large first and small last so that both workers finish together: the parent
reads the database and hands each chunk to one of two worker processes as soon
as it is read; the workers make QR codes, HTML and PDF; the parent merges the
PDFs with qpdf (pikepdf) as they come back.
"""

import gc
import hashlib
import io
import multiprocessing
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import pikepdf
from flask import current_app

from assembly.badges import assets, engine
from assembly.badges.items import badge_item, event_data
from assembly.badges.models import FORMAT_A6, FORMAT_CARD, FORMAT_SHEET
from assembly.core.pdf import asset_roots

# Fitted font sizes of each badge, printed as classes.
SIZES = ("name_size", "native_size", "title_size", "delegation_size")
BACKGROUND_BASE = "pdf/badges/category_base.html"


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


def stack_order(items: list[dict]) -> list[dict | None]:
    """Return badges in the order A4 sheets take them, four a sheet, for cut-and-stack.

    With S sheets, badge i goes on sheet i % S, in slot i // S (top left, top
    right, bottom left, bottom right): once the stack of sheets is cut, each
    of the four piles is in print order, and the piles laid on one another
    (top left first) give the whole run in order. None marks an empty slot
    (only in the last piles).
    """
    sheets = -(-len(items) // 4)
    order: list[dict | None] = [None] * (sheets * 4)
    for i, item in enumerate(items):
        order[(i % sheets) * 4 + i // sheets] = item
    return order


def _pages(items: list[dict | None], fmt: str, back_side: bool) -> list[dict]:
    """Lay badges out on pages: one a page, or four an A4 sheet (backs mirrored for duplex).

    Sheets take the items four by four as they come: stack_order() has put them
    in cut-and-stack order first (None: an empty slot).
    """
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
    items: list[dict],
    fmt: str,
    event: dict,
    back_side: bool = False,
    photo_dir: str = assets.THUMB_DIR,
) -> str:
    """Return the HTML of a document of badges (`photo_dir`: thumbnails or "photos")."""
    if fmt == FORMAT_SHEET:
        items = stack_order(items)
    backgrounds = _prepare_items(items, fmt, event)
    assets.make_backgrounds(current_app.jinja_env, asset_roots(), backgrounds)
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
    for item in filter(None, items):
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
            by_slug[slug] = f"asset:upload/{assets.RASTER_DIR}/{name}"
        item["background"] = by_slug[slug]
    return backgrounds


def _document(env, items, fmt, event, back_side, photo_dir) -> str:
    # The Jinja environment directly, not render_template: a worker process has no
    # request, and a PDF needs none of the site's context processors.
    badges = [i for i in items if i is not None]  # None: an empty slot of a sheet
    for item in badges:
        item["qr"] = engine.QR_PREFIX + item["token"]
    return env.get_template("pdf/badges/document.html").render(
        colors={i["category_slug"]: i["color"] for i in badges},
        # Font sizes of the names (half points), as classes: an inline style would give
        # every badge a computed style of its own.
        sizes=sorted({int(i[k] * 2) for i in badges for k in SIZES}),
        pages=_pages(items, fmt, back_side),
        fmt=fmt,
        event=event,
        photo_dir=photo_dir,
    )


# The app's Jinja environment, set before forking: the workers render HTML with it.
_worker_env = None


def _render_chunk(job: tuple) -> tuple[bytes, list[int]]:
    """Worker: make the chunk's QR codes, thumbnails, flags and HTML, then its PDF.

    Return the PDF and the ids of the badges whose photo could not be read.
    """
    items, fmt, event, back_side, roots, backgrounds = job
    assets.make_backgrounds(_worker_env, roots, backgrounds)
    unreadable = assets.prepare_assets(roots, items)
    pdf = engine.render_pdf(
        _document(_worker_env, items, fmt, event, back_side, assets.THUMB_DIR), roots
    )
    return pdf, unreadable


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
    unreadable_photos: list[int] | None = None,
) -> bytes | None:
    """Render badges to one PDF: in this process when few, else in chunks on `workers` processes.

    Return the PDF, or write it to `out` (qpdf writes the file directly) and return None.
    The ids of badges whose photo could not be read are added to `unreadable_photos`.

    `items` may be a generator: each chunk goes to a worker as soon as it is made,
    so the workers draw while the parent still reads the database. QR codes,
    thumbnails, HTML and layout are made in the workers; the parent gathers the
    PDFs in order as they come.
    """
    global _worker_env
    _worker_env = current_app.jinja_env
    roots = asset_roots()
    if fmt == FORMAT_SHEET:
        # Cut-and-stack needs every badge before the first sheet; the whole run's
        # items take a few milliseconds to make (the database was read before).
        items = stack_order(list(items))
        total = len(items)
        # Chunks of whole sheets.
        chunk = chunk and -(-chunk // 4) * 4
    elif total is None:
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
        (part, unreadable), size = result
        if unreadable_photos is not None:
            unreadable_photos.extend(unreadable)
        source = pikepdf.Pdf.open(io.BytesIO(part))
        parts.append((part, source))
        merged.pages.extend(source.pages)
        done += size
        if progress:
            progress(done)

    try:
        for part in _chunks(items, sizes):
            job = (part, fmt, event, back_side, roots, _prepare_items(part, fmt, event))
            count = len(part) - part.count(None)
            if pool is None:
                gather((_render_chunk(job), count))
            else:
                pending.append((pool.apply_async(_render_chunk, (job,)), count))
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
    assets.prepare_assets(asset_roots(), [item])
    return engine.render_pdf(
        document_html([item], fmt, event_data(participant.event), back_side), asset_roots()
    )
