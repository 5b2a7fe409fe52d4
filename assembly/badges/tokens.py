"""The badge's QR token: badge id and version, signed, with no personal data in clear.

Layout: "GA" + base32(badge id: 4 bytes, version: 2 bytes, HMAC-SHA256: first 10 bytes),
without padding: 28 characters of A-Z and 2-7, all in the QR code's alphanumeric mode
(a smaller code than bytes mode). 80 bits of MAC make guessing a valid token hopeless
while keeping the code small enough to scan from a phone at arm's length.
"""

import base64
import binascii
import hashlib
import hmac
import struct
from dataclasses import dataclass

from flask import current_app

PREFIX = "GA"
_PAYLOAD = struct.Struct(">IH")
_MAC_BYTES = 10
_RAW_BYTES = _PAYLOAD.size + _MAC_BYTES

OK = "ok"
MALFORMED = "malformed"
FORGED = "forged"


@dataclass(frozen=True)
class Decoded:
    """What a scanned string says: `status` (ok/malformed/forged), badge id and version."""

    status: str
    badge_id: int | None = None
    version: int | None = None


def _key() -> bytes:
    # A key of its own, derived from the secret key, so a badge MAC can never
    # be replayed as any other signature the app makes.
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"assembly.badge-token.v1", hashlib.sha256).digest()


def _mac(payload: bytes) -> bytes:
    return hmac.new(_key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]


def make_token(badge_id: int, version: int) -> str:
    """Return the QR token of version `version` of badge `badge_id`."""
    payload = _PAYLOAD.pack(badge_id, version)
    return PREFIX + base64.b32encode(payload + _mac(payload)).decode().rstrip("=")


def normalize(text: str) -> str:
    """Return a scanned string as a token: trimmed, upper case (scanners may flip the case)."""
    return "".join((text or "").split()).upper()


def decode(text: str) -> Decoded:
    """Read a scanned string: malformed (not a badge token), forged (bad MAC) or ok."""
    token = normalize(text)
    if not token.startswith(PREFIX) or len(token) > 64:
        return Decoded(MALFORMED)
    body = token[len(PREFIX) :]
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        return Decoded(MALFORMED)
    if len(raw) != _RAW_BYTES:
        return Decoded(MALFORMED)
    payload, mac = raw[: _PAYLOAD.size], raw[_PAYLOAD.size :]
    if not hmac.compare_digest(mac, _mac(payload)):
        return Decoded(FORGED)
    badge_id, version = _PAYLOAD.unpack(payload)
    return Decoded(OK, badge_id, version)
