"""PDF rendering with WeasyPrint, behind a URL fetcher that reads only our own files.

Templates refer to images and stylesheets as `asset:static/...` (the app's
static folder) or `asset:upload/...` (the upload folder). Every other URL,
`file://` and `http(s)://` included, is refused, so that data typed by a
delegate can never make the renderer read the server's files or the network.
`data:` URLs (QR codes made in memory) are allowed.
"""

import mimetypes
from pathlib import Path

from flask import current_app, render_template
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint makes Pillow accept cut-off images, process-wide, when imported. The
# site prints only images it checked itself, and must refuse a cut-off photo
# upload (registration.photos): strict again.
ImageFile.LOAD_TRUNCATED_IMAGES = False


class AssetFetcher(URLFetcher):
    """Serve `asset:` URLs from a few known folders; refuse everything else."""

    def __init__(self, roots: dict[str, str]):
        super().__init__(allowed_protocols={"asset", "data"})
        self.roots = {name: Path(path).resolve() for name, path in roots.items()}

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith("asset:"):
            raise ValueError(f"refused URL: {url[:80]}")
        root_name, _, rel = url[len("asset:") :].lstrip("/").partition("/")
        root = self.roots.get(root_name)
        if root is None:
            raise ValueError(f"unknown asset root: {root_name}")
        path = (root / rel.split("?")[0]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise ValueError(f"no such asset: {url[:80]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def asset_roots() -> dict[str, str]:
    """Return the folders `asset:` URLs may read from."""
    return {"static": current_app.static_folder, "upload": current_app.config["UPLOAD_DIR"]}


def _html(html: str) -> HTML:
    return HTML(string=html, base_url="asset:/", url_fetcher=AssetFetcher(asset_roots()))


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string to PDF bytes."""
    return _html(html).write_pdf()


def anchor_pages(html: str) -> dict[str, int]:
    """Lay an HTML string out and return the page number (from 1) of each element id."""
    pages: dict[str, int] = {}
    for number, page in enumerate(_html(html).render().pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def render_pdf(template: str, **context) -> bytes:
    """Render `templates/pdf/<template>` to PDF bytes."""
    return html_to_pdf(render_template(f"pdf/{template}", **context))
