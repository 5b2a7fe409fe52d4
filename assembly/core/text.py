"""Text folded for search: accents, case and compatibility forms set aside.

"Ibáñez", "IBANEZ" and "ibanez" fold to the same text, so that a search typed
on any keyboard finds the name as the person wrote it. Folded text is stored
(Participant.search_name) and compared with SQL LIKE: no per-row work in Python.
"""

import unicodedata

# Letters that are not a base letter plus an accent in Unicode, so NFKD keeps them.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
    }
)


def fold(text: str | None) -> str:
    """Return `text` without accents, in lower case, with single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def search_text(*parts: str | None) -> str:
    """Return the folded parts joined by spaces (empty ones left out)."""
    return " ".join(folded for folded in map(fold, parts) if folded)


def like_escape(text: str) -> str:
    """Return `text` with LIKE's wildcards escaped (for `.like(..., escape="\\")`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
