"""Which characters the installed fonts can draw, from fontconfig's charsets.

WeasyPrint (Pango) falls back to any installed font, so a name prints
correctly when some installed font covers each of its characters. The union
of every font's charset is read once per process from `fc-list` (about 30 ms)
and kept as merged ranges searched by bisection.
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


@lru_cache(maxsize=1)
def _ranges() -> tuple[list[int], list[int]]:
    try:
        # A fixed command of fontconfig, found on PATH like any system tool.
        output = subprocess.run(  # noqa: S603
            ["fc-list", "--format", "%{charset}\n"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
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
