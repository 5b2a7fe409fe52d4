"""The images badges print: raster copies of flags and the logo, badge-size
photos and category backgrounds, each drawn once and kept under UPLOAD_DIR."""

import os
from functools import lru_cache
from pathlib import Path

from assembly.badges.engine import pdf_to_image, render_pdf
from assembly.registration import photos

# Badge-size photos: written when a photo is stored (registration.photos), here for older ones.
THUMB_SIZE = photos.BADGE_COPY_SIZE
THUMB_DIR = photos.BADGE_COPY_DIR

FLAG_DIR = "vendor/flag-icons/flags/4x3"
RASTER_DIR = "badge-assets"
# Pixel sizes of the raster copies: about 300 dpi at their size on an A6 badge.
FLAG_PX = (240, 180)
BACKGROUND_DPI = 300


@lru_cache(maxsize=512)
def flag_exists(static_folder: str, iso2: str) -> bool:
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
    image = pdf_to_image(render_pdf(html, roots), scale=4 / 3)  # 1 CSS px = 0.75 pt
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    image.save(tmp, "PNG", optimize=False)
    os.replace(tmp, target)  # two workers may draw the same flag: the last one wins


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


def make_backgrounds(env, roots: dict[str, str], backgrounds: dict[str, dict]) -> None:
    """Draw the category backgrounds that do not exist yet, at 300 dpi."""
    folder = Path(roots["upload"]) / RASTER_DIR
    for name, spec in backgrounds.items():
        target = folder / name
        if target.is_file():
            continue
        html = env.get_template(spec["template"]).render(**spec)
        image = pdf_to_image(render_pdf(html, roots), scale=BACKGROUND_DPI / 72)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        # JPEG: embedded as it is, where WeasyPrint would unpack and pack a PNG again
        # in every document.
        image.convert("RGB").save(tmp, "JPEG", quality=92)
        os.replace(tmp, target)  # two workers may draw the same one: the last one wins


def prepare_assets(roots: dict[str, str], items: list[dict], thumbnails: bool = True) -> list[int]:
    """Make the photo thumbnails and raster flags these badges need.

    Return the ids of the badges whose photo cannot be read: they print the
    empty photo box (their item's photo is cleared) and the run reports them.
    """
    for flag in {i["flag"] for i in items if i and i["flag"]}:
        make_raster(roots, flag, FLAG_PX)
    unreadable = []
    if thumbnails:
        for item in items:
            if item and item["photo"] and not make_thumbnail(roots["upload"], item["photo"]):
                item["photo"] = None
                unreadable.append(item["id"])
    return unreadable
