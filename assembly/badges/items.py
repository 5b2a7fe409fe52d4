"""What one badge shows: a participant's data as plain values for the badge
templates (names checked against the fonts and sized to their boxes), the event's
lines, and the report entries of what could not be printed."""

import os
import re

from flask import current_app

from assembly.badges import assets, fitting, fonts, venue_map
from assembly.badges.tokens import make_token

LOGO = "img/logo.svg"


def _photo_source(participant) -> str | None:
    """Return the stored photo of `participant` (UPLOAD_DIR/photos/<photo>), if any."""
    if not participant.photo:
        return None
    # os.path, not pathlib: called for every badge of a print run.
    path = os.path.join(current_app.config["UPLOAD_DIR"], "photos", participant.photo)
    return path if os.path.isfile(path) else None


def badge_item(participant, badge, version: int, fmt: str, sessions=None) -> tuple[dict, list]:
    """Return a badge's plain data for the templates and the names no font can draw."""
    report = []
    name = participant.printed_name
    missing = fonts.missing_characters(name)
    if missing:
        report.append(_report(participant, "printed_name", name, missing))
        fallback = f"{participant.given_name} {participant.family_name}".strip()
        name = fallback if not fonts.missing_characters(fallback) else ""
    native = participant.native_name or ""
    missing = fonts.missing_characters(native)
    if missing:
        report.append(_report(participant, "native_name", native, missing))
        native = ""
    delegation = participant.delegation
    iso2 = delegation.country.iso2.lower() if delegation else ""
    static = current_app.static_folder
    photo = participant.photo if _photo_source(participant) else None
    if photo is None:
        report.append(photo_problem(participant, "missing" if participant.photo else "none"))
    flag = f"{assets.FLAG_DIR}/{iso2}.svg" if iso2 and assets.flag_exists(static, iso2) else ""
    name_size, name_lines = fitting.fit_lines(name, fmt, "name")
    native_size, native_lines = fitting.fit_lines(native, fmt, "native")
    title = " · ".join(p for p in (participant.title, participant.position) if p)
    title_size, title_lines = fitting.fit_lines(title, fmt, "title")
    place = delegation.country.name if delegation else participant.organization_name
    box = "delegation_flag" if flag else "delegation"
    delegation_size, delegation_lines = fitting.fit_lines(place, fmt, box)
    item = {
        "id": participant.id,
        "name": name,
        "name_size": name_size,
        "name_lines": name_lines,
        "native": native,
        "native_size": native_size,
        "native_lines": native_lines,
        "native_dir": fitting.text_direction(native),
        "title": title,
        "title_size": title_size,
        "title_lines": title_lines,
        "category": participant.category.name,
        "category_slug": _slug(participant.category.name),
        "color": _color(participant.category.color),
        "country": delegation.country.name if delegation else "",
        "delegation_size": delegation_size,
        "delegation_lines": delegation_lines,
        "flag": flag,
        "flag_src": f"asset:upload/{assets.RASTER_DIR}/{assets.raster_name(flag)}" if flag else "",
        "organization": "" if delegation else participant.organization_name,
        "photo": photo,
        "token": make_token(badge.id, version),
        "qr": None,  # an asset:qr/ URL, drawn by the fetcher (in the workers for big runs)
        "sessions": sessions or [],
        "printable": bool(name),
    }
    return item, report


def photo_problem(participant, problem: str) -> dict:
    """Return the report entry of a badge printed with an empty photo box.

    `problem`: "none" (no photo given), "missing" (its file is gone) or
    "unreadable"; listed so that staff chase the photo before the door.
    """
    return _report(participant, "photo", problem, "")


def _report(participant, field: str, text: str, missing: str) -> dict:
    return {
        "participant_id": participant.id,
        "name": participant.printed_name,
        "field": field,
        "text": text,
        "characters": " ".join(f"U+{ord(c):04X}" for c in missing),
    }


def _color(value: str | None) -> str:
    # Printed into the document's stylesheet: only a plain hex colour gets there.
    return (
        value if value and re.fullmatch(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?", value) else "#1f4e79"
    )


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def event_data(event) -> dict:
    """Return what badges print about the event (plain data)."""
    return {
        "name": f"{_ordinal(event.number)} INTERPOL General Assembly",
        "place": f"{event.city} · {event.start_date:%d}–{event.end_date:%d %B %Y}",
        "venue": event.venue or event.city,
        "emergency": current_app.config.get(
            "BADGE_EMERGENCY_NUMBERS", "Police 110 · Ambulance 120 · Fire 119"
        ),
        "logo": f"asset:static/{LOGO}",
        # One URL for every badge of a document: WeasyPrint reads and embeds it once.
        "venue_map": venue_map.map_url(event),
    }


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
