"""WeasyPrint and PDFium for badges: the fetcher that draws QR codes, a leaner
stylesheet, fonts kept per process, and PDF pages back to images."""

import gc
import io
import os
import re
import struct
import threading
import zlib
from functools import lru_cache

import pypdfium2 as pdfium
import segno
from PIL import Image
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from assembly.core.pdf import AssetFetcher

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


def render_pdf(html: str, roots: dict[str, str]) -> bytes:
    document = BadgeHTML(string=html, base_url="asset:/", url_fetcher=BadgeFetcher(roots))
    # No cyclic garbage collection while laying out: WeasyPrint makes many small
    # objects, and the collector's passes over them cost a tenth of the time.
    gc.disable()
    try:
        return document.render(font_config=_font_config()).write_pdf()
    finally:
        gc.enable()


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
