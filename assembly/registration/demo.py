"""Demo data of the registration area, added by `flask assembly seed-demo`.

About 600 participants of the 86th General Assembly over most member countries,
in every state and category, with names in many scripts (the native name in the
person's own script), a Head of Delegation for most countries, a few observers of
international organizations, and a plain silhouette photo each. Every delegation
stays at least two seats under its quota, so that a demo focal point can confirm
more. The same seed gives the same people; an event that already has
participants gets none added.
"""

import io
import random
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from assembly.countries.models import Delegation
from assembly.extensions import db
from assembly.registration import credentials, photos
from assembly.registration import demo_data as data
from assembly.registration.categories import (
    DELEGATE,
    HEAD_OF_DELEGATION,
    OBSERVER,
    ensure_default_categories,
)
from assembly.registration.models import (
    APPROVED,
    CONFIRMED,
    OPEN_STATES,
    REJECTED,
    REVOKED,
    SUBMITTED,
    WITHDRAWN,
    Participant,
)

SEED = 86
# The countries with a demo focal point login (assembly/cli.py DEMO_STAFF): bigger
# delegations with registrations waiting for them. Kenya has no head yet to name.
FOCAL_SIZES = {"CHN": 12, "ESP": 9, "KEN": 8, "BRA": 9}
SIZES, SIZE_WEIGHTS = [1, 2, 3, 4, 5, 6], [10, 20, 25, 20, 15, 10]
STATE_WEIGHTS = {
    "head": ([SUBMITTED, CONFIRMED, APPROVED, WITHDRAWN], [10, 25, 60, 5]),
    "confirm": (
        [SUBMITTED, CONFIRMED, APPROVED, REJECTED, WITHDRAWN, REVOKED],
        [20, 20, 45, 5, 5, 5],
    ),
    "direct": ([SUBMITTED, APPROVED, REJECTED, WITHDRAWN, REVOKED], [30, 55, 5, 5, 5]),
}
LANGUAGE_OF_POOL = {"arabic": "ar", "french": "fr", "francophone_african": "fr", "spanish": "es"}
SEATS_LEFT = 2


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum()) or "delegate"


def _pool_name(iso3: str, region: str, rng: random.Random) -> str:
    for pool, countries in data.COUNTRY_POOLS.items():
        if iso3 in countries.split():
            return pool
    return rng.choice(data.REGION_POOLS.get(region, ["english"]))


def _person(pool_name: str, rng: random.Random) -> dict:
    """Return given, family, native and badge names from a pool."""
    pool = data.POOLS[pool_name]
    given, family = rng.choice(pool["given"]), rng.choice(pool["family"])
    if "order" not in pool:  # Latin script: the diacritics are in the names themselves
        return {"given_name": given, "family_name": family, "native_name": "", "badge_name": ""}
    (given, given_native), (family, family_native) = given, family
    if pool["order"] == "family-given":
        native, badge = family_native + given_native, f"{family.upper()} {given}"
    else:
        native, badge = f"{given_native} {family_native}", ""
    return {"given_name": given, "family_name": family, "native_name": native, "badge_name": badge}


def _silhouettes(categories) -> dict[int, bytes]:
    """Return a plain 300x400 silhouette JPEG per category, tinted with its colour."""
    images = {}
    for category in categories:
        image = Image.new("RGB", (300, 400), "#e9edf2")
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 380, 300, 400), fill=category.color)
        draw.ellipse((95, 70, 205, 195), fill="#9aa5b1")
        draw.ellipse((40, 210, 260, 470), fill="#9aa5b1")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=70)
        images[category.id] = out.getvalue()
    return images


def _nomination_pdf(country: str, event) -> bytes:
    """Return a small one-page PDF standing for a country's credentials letter."""

    def escaped(text: str) -> str:
        plain = text.encode("latin-1", "replace").decode("latin-1")
        return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    lines = [
        f"National Central Bureau of {country}",
        f"Credentials of the delegation to the {event.name}",
        f"{event.city}, {event.start_date:%d %B %Y} to {event.end_date:%d %B %Y}",
        "(demo document)",
    ]
    stream = "BT /F1 13 Tf 72 760 Td 22 TL " + " ".join(f"({escaped(t)}) '" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _plan(delegation: Delegation, rng: random.Random, host: bool) -> list[str]:
    """Return the category names of one delegation's registrations."""
    iso3 = delegation.country.iso3
    size = FOCAL_SIZES.get(iso3) or rng.choices(SIZES, SIZE_WEIGHTS)[0]
    names = []
    if iso3 != "KEN" and (iso3 in FOCAL_SIZES or rng.random() < 0.8):
        names.append(HEAD_OF_DELEGATION)
    while len(names) < size:
        roll = rng.random()
        extra = (
            "Guest" if roll < 0.06 else OBSERVER if roll < 0.1 else "Media" if roll < 0.13 else ""
        )
        names.append(extra or DELEGATE)
    if host:
        names += ["Organizer staff"] * 3 + ["Security"] * 2 + ["Media"] * 2
    return names


def _state(category, rng: random.Random) -> str:
    kind = "head" if category.is_head else "confirm" if category.needs_confirmation else "direct"
    states, weights = STATE_WEIGHTS[kind]
    return rng.choices(states, weights)[0]


def _participant(event, delegation, category, state, person, rng, n, org=None) -> Participant:
    """Build one registration (not added to the session)."""
    iso3 = delegation.country.iso3 if delegation else org[1]
    submitted = datetime(2017, 5, 2, tzinfo=UTC) + timedelta(minutes=rng.randrange(200_000))
    others = data.OTHER_POSITIONS.get(category.name)
    position = (
        rng.choice(data.HEAD_POSITIONS)
        if category.is_head
        else rng.choice(others or data.POSITIONS)
    )
    domain = f"ncb-{iso3.lower()}.example.org" if delegation else f"{_ascii(org[0])}.example.org"
    participant = Participant(
        event=event,
        delegation=delegation,
        organization_name=org[0] if org else "",
        category=category,
        state=state,
        is_head=category.is_head and state in OPEN_STATES,
        title=rng.choice(data.TITLES),
        nationality=iso3,
        date_of_birth=date(1958, 1, 1) + timedelta(days=rng.randrange(12_000)),
        passport_number=f"{chr(65 + rng.randrange(26))}{rng.randrange(10**7, 10**8)}",
        passport_expiry=date(2019, 1, 1) + timedelta(days=rng.randrange(3_000)),
        position=position,
        organization=org[0] if org else (delegation.country.ncb if rng.random() < 0.5 else ""),
        email=f"{_ascii(person['given_name'])}.{_ascii(person['family_name'])}.{n}@{domain}",
        arrival_date=event.start_date - timedelta(days=rng.choice([1, 1, 2, 3])),
        departure_date=event.end_date + timedelta(days=rng.choice([0, 1, 1, 2])),
        consent_at=submitted,
        submitted_at=submitted,
        list_consent=rng.random() < 0.6,
        **person,
    )
    if state in (APPROVED, REVOKED):
        participant.approved_at = submitted + timedelta(days=rng.randint(2, 20))
    if state == REJECTED:
        participant.decision_reason = rng.choice(data.REJECTION_REASONS)
    if state == REVOKED:
        participant.decision_reason = rng.choice(data.REVOCATION_REASONS)
    return participant


def _keep_under_quota(people: list[Participant], quota: int) -> None:
    """Send confirmations back to submitted until the delegation has seats left."""
    seated = [
        p for p in people if p.category.counts_toward_quota and p.state in (CONFIRMED, APPROVED)
    ]
    for p in reversed(seated[max(quota - SEATS_LEFT, 0) :]):
        p.state, p.approved_at = SUBMITTED, None


def seed(event) -> list[str]:
    """Add the registration area's demo data to `event`; return lines to print."""
    existing = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.event_id == event.id)
    )
    if existing:
        return [f"registrations: {existing} already present, none added"]
    rng = random.Random(SEED)
    categories = {c.name: c for c in ensure_default_categories()}
    delegations = db.session.scalars(
        select(Delegation)
        .options(joinedload(Delegation.country))
        .where(Delegation.event_id == event.id)
    ).all()
    delegations.sort(key=lambda d: d.country.iso3)
    people: list[Participant] = []
    for delegation in delegations:
        iso3 = delegation.country.iso3
        if iso3 not in FOCAL_SIZES and rng.random() >= 0.88:
            continue  # most, not all, countries have registered
        pool = _pool_name(iso3, delegation.country.region, rng)
        language = LANGUAGE_OF_POOL.get(pool, "en")
        mine = []
        for name in _plan(delegation, rng, host=iso3 == event.country_iso3):
            category = categories[name]
            state = _state(category, rng)
            if iso3 in FOCAL_SIZES and name == DELEGATE and len(mine) < 4:
                state = SUBMITTED  # something for the demo focal point to confirm
            person = _person(pool, rng)
            p = _participant(event, delegation, category, state, person, rng, len(people) + 1)
            p.language = language
            mine.append(p)
            people.append(p)
        _keep_under_quota(mine, delegation.quota)
    for org in data.ORGANIZATIONS:
        for _ in range(rng.randint(1, 3)):
            person = _person(rng.choice(["english", "french", "spanish", "arabic"]), rng)
            category = categories[OBSERVER]
            state = _state(category, rng)
            people.append(
                _participant(event, None, category, state, person, rng, len(people) + 1, org)
            )
    db.session.add_all(people)
    db.session.flush()
    silhouettes = _silhouettes(categories.values())
    for p in people:
        photos.save_photo(p, silhouettes[p.category_id])
    letters = 0
    for delegation in sorted({p.delegation for p in people if p.delegation}, key=lambda d: d.id):
        if rng.random() < 0.7:  # most focal points have sent their nomination letter
            pdf = _nomination_pdf(delegation.country.name, event)
            credentials.save_credentials(delegation, pdf, actor_label="system")
            letters += 1
    db.session.flush()
    states = Counter(p.state for p in people)
    countries = len({p.delegation_id for p in people if p.delegation_id})
    return [
        f"registrations: {len(people)} participants from {countries} countries and "
        f"{len(data.ORGANIZATIONS)} organizations; "
        + ", ".join(f"{states[s]} {s}" for s in sorted(states)),
        f"heads of delegation: {sum(p.is_head for p in people)}; credentials letters: {letters}",
    ]
