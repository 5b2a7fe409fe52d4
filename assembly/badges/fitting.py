"""Text that fits its box on a badge: font sizes from the characters' real widths.

Each line of text has a box (width and height in mm) and a range of font
sizes. A line that does not fit at its largest size shrinks; a title or
delegation that would shrink below legibility, or a name that does not fit
at the smallest size, is set on two lines instead; the rest is cut short.
Widths come from the installed Noto fonts (fonts.width_*), so the estimate is
the font's own advance; a little is kept to spare for kerning and rounding.
Sizes are half points: badges with equal sizes share their computed style.
"""

import unicodedata
from functools import lru_cache

from assembly.badges import fonts
from assembly.badges.models import FORMAT_A6, FORMAT_CARD, FORMAT_SHEET

PT_PER_MM = 72 / 25.4
SPARE = 0.95  # kerning, rounding, and Pango's own choices
# Line height for a size on two lines (Noto's ascent and descent are 1.36 em:
# lines set a little tighter still do not touch for names and titles).
TWO_LINE_HEIGHT = 1.2
ELLIPSIS = "…"

# Boxes per format, as in templates/pdf/badges/badges.css: (width mm, height mm,
# largest pt, smallest pt, bold, one line down to): a line goes on two lines when
# one would be smaller than that part of its largest size, names only when one
# line does not fit at the smallest size.
LINES = {
    FORMAT_A6: {
        "name": (95, 13, 24, 9, True, 0),
        "native": (95, 11, 18, 8, False, 0),
        "title": (95, 6, 9, 6, False, 0.75),
        "delegation": (95, 14, 13, 7, False, 0.75),
        "delegation_flag": (72, 14, 13, 7, False, 0.75),
    },
    FORMAT_CARD: {
        "name": (36, 7, 11, 5, True, 0),
        "native": (36, 6, 9, 5, False, 0),
        "title": (36, 4, 6, 4, False, 0.75),
        "delegation": (36, 7, 7, 4, False, 0.75),
        "delegation_flag": (26.5, 7, 7, 4, False, 0.75),
    },
}
LINES[FORMAT_SHEET] = LINES[FORMAT_A6]


def text_width(text: str, bold: bool = False) -> float:
    """Return the width of `text` in ems (one em: the font size)."""
    return sum(map(fonts.width_bold if bold else fonts.width_regular, text))


def _half_points(size: float, largest: float, smallest: float) -> float:
    return max(smallest, min(largest, int(size * 2) / 2))


def fit_size(
    text: str, width_mm: float, largest: float, smallest: float, bold: bool = False
) -> float:
    """Return the font size (pt) at which `text` fits on one line of `width_mm`."""
    ems = text_width(text, bold)
    if ems == 0:
        return largest
    return _half_points(width_mm * PT_PER_MM * SPARE / ems, largest, smallest)


@lru_cache(maxsize=8192)
def fit_lines(text: str, fmt: str, line: str) -> tuple[float, tuple[str, ...]]:
    """Return the font size of `text` in box `line` of format `fmt`, and its lines.

    One line, shrunk to fit; two when that is larger (or one line does not fit
    at the smallest size); what still does not fit is cut short with an
    ellipsis, so that nothing runs out of its box. Kept per text: titles and
    country names repeat from badge to badge.
    """
    width, height, largest, smallest, bold, down_to = LINES[fmt][line]
    room = width * PT_PER_MM * SPARE  # points
    ems = text_width(text, bold)
    one = _half_points(room / ems, largest, smallest) if ems else largest
    fits = ems * one <= room
    words = text.split()
    size, lines = one, (text,)
    if len(words) > 1 and not (fits and one >= largest * down_to):
        # Two lines, cut between the words where the longer line is shortest.
        widths = [text_width(w, bold) for w in words]
        space = text_width(" ", bold)
        best, cut = None, 1
        for i in range(1, len(words)):
            left = sum(widths[:i]) + space * (i - 1)
            right = sum(widths[i:]) + space * (len(words) - i - 1)
            if best is None or max(left, right) < best:
                best, cut = max(left, right), i
        tallest = height / 2 * PT_PER_MM / TWO_LINE_HEIGHT
        two = _half_points(min(room / best, tallest), largest, smallest)
        if two > one or not fits:
            size, lines = two, (" ".join(words[:cut]), " ".join(words[cut:]))
    return size, tuple(_cut(text, room / size, bold) for text in lines)


def _cut(text: str, room: float, bold: bool) -> str:
    """Return `text`, or as much of it as fits in `room` ems followed by an ellipsis."""
    if text_width(text, bold) <= room:
        return text
    while text and text_width(text + ELLIPSIS, bold) > room:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def text_direction(text: str) -> str:
    """Return "rtl" when the first strong character of `text` is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
