"""The French, Spanish and Arabic catalogues: every message's placeholders match the
English one (a mismatch raises at runtime in that language only), and no
automatic guess ("fuzzy") is left, since gettext ignores those."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGUES = Path(__file__).parents[2] / "assembly" / "translations"


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_catalogue_placeholders_match_and_no_guesses_are_left(language):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f)
    problems = [
        f"{message.id!r}: {error}" for message, errors in catalogue.check() for error in errors
    ]
    assert problems == []
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert fuzzy == []


def test_a_broken_placeholder_is_caught(tmp_path):
    # The check above can fail: a translation that renames a placeholder.
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Bonjour %(nom)s"\n',
        encoding="utf-8",
    )
    with open(po, "rb") as f:
        assert [errors for _, errors in read_po(f).check()]
