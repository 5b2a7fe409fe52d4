"""Visa invitation letters: a one-page A4 PDF for an approved participant, on the
event's letterhead, with a QR code linking to a public page that tells a consulate
whether the letter is genuine and still valid.

The letter's token is signed and names the participant and a digest of what the
letter certifies (name, nationality, passport, birth date, dates of stay). The
verification page reads the registration as it is now: a letter whose
participant is no longer approved shows as revoked, and one whose certified data
changed since it was issued shows as superseded (the participant has a newer one).
"""

import hashlib
import json
from datetime import date, datetime

import pycountry
import segno
from flask import current_app

from assembly.core.pdf import render_pdf
from assembly.core.security import TokenError, sign, unsign
from assembly.core.urls import public_url
from assembly.extensions import db
from assembly.registration.models import APPROVED, Participant

PURPOSE = "visa-letter"


class LetterNotAvailable(Exception):
    """Only approved participants get a visa letter."""


def reference(participant: Participant) -> str:
    """Return the letter's reference number, e.g. GA86/VISA/00042."""
    return f"GA{participant.event.number}/VISA/{participant.id:05d}"


def certified_digest(participant: Participant) -> str:
    """Return a keyed digest of what a letter certifies about the participant.

    Keyed with the secret: the token is readable by whoever holds the letter, and
    a plain hash of a name and passport number could be tested against guesses.
    """
    arrival, departure = stay(participant)
    certified = [
        participant.full_name,
        participant.nationality,
        participant.passport_number,
        participant.passport_expiry,
        participant.date_of_birth,
        arrival,
        departure,
    ]
    text = json.dumps([str(v) if v is not None else None for v in certified])
    key = hashlib.sha256(current_app.config["SECRET_KEY"].encode()).digest()
    return hashlib.blake2b(text.encode(), key=key, digest_size=5).hexdigest()


def letter_token(participant: Participant) -> str:
    """Return the signed token of the participant's letter (used by its QR code)."""
    # Stable (no timestamp): a letter needs no expiry, and a shorter link is easier
    # to type from paper.
    data = [participant.id, participant.event_id, certified_digest(participant)]
    return sign(PURPOSE, data, stable=True)


def verify_letter_token(token: str) -> dict:
    """Return what the verification page shows of a letter, or raise TokenError."""
    data = unsign(PURPOSE, token, stable=True)
    if not (isinstance(data, list) and len(data) == 3):
        raise TokenError("This link is not valid.")
    participant = db.session.get(Participant, data[0])
    if participant is None or participant.event_id != data[1]:
        raise TokenError("This link is not valid.")
    return verification(participant, data[2])


def country_name(iso3: str) -> str:
    """Return the English name of a country by ISO alpha-3 (the code when unknown)."""
    record = pycountry.countries.get(alpha_3=iso3 or "") if iso3 else None
    if record is None:
        return iso3 or ""
    return getattr(record, "official_name", None) or getattr(record, "name", iso3)


def stay(participant: Participant) -> tuple[date, date]:
    """Return the dates of stay (the event's dates when the participant gave none)."""
    event = participant.event
    return (
        participant.arrival_date or event.start_date,
        participant.departure_date or event.end_date,
    )


def qr_data_uri(url: str) -> str:
    """Return a QR code of `url` as an SVG data: URI (no file, no network)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def letter_context(participant: Participant) -> dict:
    """Return the plain data the letter template shows."""
    event = participant.event
    arrival, departure = stay(participant)
    verify_url = public_url("registration.verify_letter", token=letter_token(participant))
    delegation = participant.delegation
    return {
        "reference": reference(participant),
        "issued": datetime.now(event.tz).date(),
        "event": event,
        "host_country": country_name(event.country_iso3),
        "full_name": participant.full_name,
        "native_name": participant.native_name,
        "nationality": country_name(participant.nationality),
        "passport_number": participant.passport_number,
        "passport_expiry": participant.passport_expiry,
        "date_of_birth": participant.date_of_birth,
        "position": participant.position,
        "organization": participant.organization,
        "delegation": delegation.country.name if delegation else participant.organization_name,
        "category": participant.category.name,
        "arrival": arrival,
        "departure": departure,
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
    }


def visa_letter_pdf(participant: Participant) -> bytes:
    """Render the participant's visa invitation letter; only approved participants get one."""
    if participant.state != APPROVED:
        raise LetterNotAvailable(participant.state)
    return render_pdf("visa_letter.html", **letter_context(participant))


def verification(participant: Participant, digest: str) -> dict:
    """Return what the public verification page shows of a letter's participant.

    `status`: "genuine", "revoked" (no longer approved) or "superseded" (the data
    the letter certifies changed since it was issued: only the reference shows).
    """
    if participant.state != APPROVED:
        status = "revoked"
    elif digest != certified_digest(participant):
        status = "superseded"
    else:
        status = "genuine"
    arrival, departure = stay(participant)
    passport = participant.passport_number or ""
    return {
        "status": status,
        "reference": reference(participant),
        "full_name": participant.full_name,
        "nationality": country_name(participant.nationality),
        "passport_end": passport[-4:] if passport else "",
        "arrival": arrival,
        "departure": departure,
        "event": participant.event.name,
        "city": participant.event.city,
    }
