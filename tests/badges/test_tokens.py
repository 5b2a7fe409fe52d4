"""The QR token: compact, signed, no personal data; forged and malformed codes told apart."""

from assembly.badges import tokens


def test_token_round_trip_is_compact_and_alphanumeric(app):
    token = tokens.make_token(1234, 3)
    assert len(token) == 28 and token.startswith("GA")
    assert token.isalnum() and token == token.upper()  # QR alphanumeric mode
    decoded = tokens.decode(token)
    assert (decoded.status, decoded.badge_id, decoded.version) == ("ok", 1234, 3)


def test_scanner_case_and_spaces_do_not_matter(app):
    token = tokens.make_token(7, 1)
    assert tokens.decode(f"  {token.lower()}\n").status == "ok"


def test_a_changed_character_is_forged(app):
    token = tokens.make_token(7, 1)
    forged = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert tokens.decode(forged).status == "forged"


def test_a_token_of_another_id_with_a_copied_mac_is_forged(app):
    mine, other = tokens.make_token(7, 1), tokens.make_token(8, 1)
    spliced = other[:12] + mine[12:]
    assert tokens.decode(spliced).status == "forged"


def test_other_strings_are_malformed(app):
    for text in ("", "hello", "https://example.org", "GA!!!!", "GA" + "A" * 40):
        assert tokens.decode(text).status == "malformed"


def test_a_token_signed_with_another_key_is_forged(app):
    token = tokens.make_token(7, 1)
    app.config["SECRET_KEY"] = "another-secret-key-of-enough-length"
    assert tokens.decode(token).status == "forged"
