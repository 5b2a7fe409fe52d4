"""Uploaded images checked with Pillow before anything keeps them: size, format,
decompression bombs, damaged files; then turned upright and flattened to RGB.

Each caller (badge photos, the venue map) words the refusals for its own users:
ImageRefused carries a code, not a message.
"""

import io
import warnings
from collections.abc import Collection

from PIL import Image, ImageOps, UnidentifiedImageError

# The refusals' codes.
TOO_LARGE = "too_large"  # more bytes than allowed
EMPTY = "empty"
FORMAT = "format"  # a format not allowed: `format` names it
PIXELS = "pixels"  # its header claims more pixels than allowed: `width`, `height`
BOMB = "bomb"  # expands past Pillow's own limit while decoding
UNREADABLE = "unreadable"  # not an image, or a damaged one


class ImageRefused(ValueError):
    """An upload that is not a usable image; `kind` says why (one of the codes above)."""

    def __init__(self, kind: str, *, format: str | None = None, width: int = 0, height: int = 0):
        super().__init__(kind)
        self.kind = kind
        self.format = format
        self.width = width
        self.height = height


def load_image(
    data: bytes, *, max_bytes: int, formats: Collection[str], max_pixels: int
) -> Image.Image:
    """Return the upright RGB image in `data`, or raise ImageRefused saying why not.

    Transparent parts become white, as on paper.
    """
    if len(data) > max_bytes:
        raise ImageRefused(TOO_LARGE)
    if not data:
        raise ImageRefused(EMPTY)
    with warnings.catch_warnings():
        # Pillow only warns below twice its limit: make every bomb an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in formats:
                raise ImageRefused(FORMAT, format=image.format)
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRefused(PIXELS, width=width, height=height)
            image.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRefused(BOMB) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            if isinstance(exc, ImageRefused):
                raise
            raise ImageRefused(UNREADABLE) from exc
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    return image.convert("RGB")
