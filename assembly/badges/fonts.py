"""The installed fonts: which characters they can draw, and how wide they are.

WeasyPrint (Pango) falls back to any installed font, so a name prints
correctly when some installed font covers each of its characters. The union
of every font's charset is read once per process from `fc-list` (about 30 ms)
and kept as merged ranges searched by bisection.

Widths (in ems) are the advances of the badge's own Noto fonts, read with
fontTools the first time a character is measured (a few milliseconds a font,
each font only when a character needs it) and kept per character.
"""

import bisect
import subprocess
import unicodedata
from functools import lru_cache

# Characters that draw nothing and need no glyph.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}

# The families the badge's CSS asks for, in order (Debian's fonts-noto-core and fonts-noto-cjk).
FONT_FAMILIES = (
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
)


def _fc_list(fmt: str) -> str | None:
    """Return what fontconfig lists of the installed fonts in `fmt`, None without it."""
    try:
        # A fixed command of fontconfig, found on PATH like any system tool.
        return subprocess.run(  # noqa: S603
            ["fc-list", "--format", fmt],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


@lru_cache(maxsize=1)
def _ranges() -> tuple[list[int], list[int]]:
    output = _fc_list("%{charset}\n")
    if output is None:
        return [], []
    spans = []
    # Many fonts (weights, CJK regions) share a charset: each distinct one is read once.
    for token in " ".join(set(output.splitlines())).split():
        first, _, last = token.partition("-")
        try:
            spans.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    spans.sort()
    starts, ends = [], []
    for start, end in spans:
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


@lru_cache(maxsize=65536)
def is_covered(char: str) -> bool:
    """Tell whether some installed font has a glyph for `char`."""
    if char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return True
    starts, ends = _ranges()
    code = ord(char)
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def missing_characters(text: str) -> str:
    """Return the characters of `text` no installed font covers (each once, in order)."""
    if all(map(is_covered, text or "")):  # the common case, a lookup per character
        return ""
    missing = []
    for char in text:
        if char not in missing and not is_covered(char):
            missing.append(char)
    return "".join(missing)


# Fonts measured for widths, in the order the badge's CSS falls back through them;
# CJK characters are one em wide in Noto Sans CJK (not read: a 20 MB collection).
_MEASURED = tuple(f for f in FONT_FAMILIES if "CJK" not in f)


@lru_cache(maxsize=1)
def _font_files() -> dict[tuple[str, bool], str]:
    """Return the files of the measured families, by (family, bold)."""
    output = _fc_list("%{family[0]}\t%{style[0]}\t%{file}\n")
    if output is None:
        return {}
    files = {}
    for line in output.splitlines():
        family, _, rest = line.partition("\t")
        style, _, path = rest.partition("\t")
        if family in _MEASURED and style in ("Regular", "Bold"):
            files[(family, style == "Bold")] = path
    return files


@lru_cache(maxsize=16)
def _advances(family: str, bold: bool) -> dict[int, float]:
    """Return the advance width (ems) of every character of one font."""
    files = _font_files()
    path = files.get((family, bold)) or files.get((family, False))
    if not path:
        return {}
    try:
        from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

        font = TTFont(path, lazy=True)
        em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {code: metrics[glyph][0] / em for code, glyph in font.getBestCmap().items()}
    except Exception:  # noqa: BLE001  (a font that cannot be read is not measured)
        return {}


def _width(char: str, bold: bool) -> float:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    code = ord(char)
    for family in _MEASURED:
        width = _advances(family, bold).get(code)
        if width is not None:
            return width
    # Not in the measured fonts: a generous guess.
    if unicodedata.combining(char):
        return 0.0
    return 0.3 if char.isspace() else 0.75 if char.isupper() else 0.62


@lru_cache(maxsize=65536)
def width_regular(char: str) -> float:
    """Return the width of `char` in ems, in the regular face."""
    return _width(char, False)


@lru_cache(maxsize=65536)
def width_bold(char: str) -> float:
    """Return the width of `char` in ems, in the bold face."""
    return _width(char, True)
