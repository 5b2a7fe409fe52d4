"""Import of participants from a CSV or XLSX file: read, check every row, then import
all rows in one go or none.

The uploaded file stays on the server (UPLOAD_DIR/imports) between the preview
and the confirmation; the browser holds only a signed token naming it, its
uploader and the country a focal point may import into.
"""

import contextlib
import csv
import io
import os
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from sqlalchemy import func, select

from assembly.core import audit
from assembly.core.db import utcnow
from assembly.core.security import TokenError, sign, unsign
from assembly.countries.models import Country, Delegation
from assembly.extensions import db
from assembly.registration.categories import ensure_default_categories
from assembly.registration.mails import mail_participant
from assembly.registration.models import OPEN_STATES, Category, Participant
from assembly.registration.services import validate_fields

PURPOSE = "dashboard-import"
TOKEN_MAX_AGE = 3600
MAX_ROWS = 2000
REQUIRED = ("given_name", "family_name", "email", "category")
DATE_FIELDS = ("date_of_birth", "passport_expiry", "arrival_date", "departure_date")
TEXT_FIELDS = (
    "organization_name",
    "title",
    "badge_name",
    "native_name",
    "nationality",
    "passport_number",
    "position",
    "organization",
    "phone",
    "language",
    "dietary",
    "accessibility",
)
COLUMNS = ("country", "category", "given_name", "family_name", "email", *DATE_FIELDS, *TEXT_FIELDS)


class ImportFileError(ValueError):
    """The file cannot be read as a participants list; the message says why."""


@dataclass
class Row:
    """One line of the file: its number, values, and the errors found in it."""

    line: int
    values: dict
    errors: list[str] = field(default_factory=list)


def imports_folder() -> str:
    """Return (and create) the folder where uploads wait for confirmation."""
    folder = os.path.join(current_app.config["UPLOAD_DIR"], "imports")
    os.makedirs(folder, exist_ok=True)
    return folder


def store_upload(data: bytes, filename: str, user, country_iso3: str | None) -> str:
    """Keep an uploaded file server-side; return the signed token that names it."""
    ext = os.path.splitext(filename.lower())[1]
    if ext not in (".csv", ".xlsx"):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    folder = imports_folder()
    _remove_abandoned(folder)
    name = secrets.token_hex(16) + ext
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
    return sign(PURPOSE, {"file": name, "user": user.id, "country": country_iso3})


def _remove_abandoned(folder: str) -> None:
    # Uploads previewed but never confirmed are useless once their token expired.
    limit = time.time() - TOKEN_MAX_AGE - 60
    for entry in os.scandir(folder):
        if entry.is_file() and entry.stat().st_mtime < limit:
            with contextlib.suppress(OSError):
                os.remove(entry.path)


def open_token(token: str, user) -> dict:
    """Return the data of an import token of `user`, or raise ImportFileError."""
    try:
        data = unsign(PURPOSE, token, max_age=TOKEN_MAX_AGE)
    except TokenError as exc:
        raise ImportFileError(
            _("This import has expired or is not valid; upload the file again.")
        ) from exc
    path = os.path.join(imports_folder(), os.path.basename(data.get("file", "")))
    if data.get("user") != user.id or not os.path.isfile(path):
        raise ImportFileError(_("This import has expired or is not valid; upload the file again."))
    return {**data, "path": path}


def discard(token_data: dict) -> None:
    """Delete an upload once imported or abandoned."""
    with contextlib.suppress(OSError):
        os.remove(token_data["path"])


def read_rows(path: str) -> list[Row]:
    """Read the file's rows as dicts keyed by lower-case column names."""
    unsaved = set()  # (line, column) of formulas the file holds no value for
    if path.endswith(".xlsx"):
        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
            table = [list(r) for r in sheet.iter_rows(values_only=True)]
            formulas = load_workbook(path, read_only=True).active.iter_rows(values_only=True)
            for line, (values, cells) in enumerate(zip(table, formulas, strict=False), start=1):
                for column, (value, cell) in enumerate(zip(values, cells, strict=False)):
                    if value is None and isinstance(cell, str) and cell.startswith("="):
                        unsaved.add((line, column))
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise ImportFileError(_("This is not a readable XLSX file.")) from exc
    else:
        with open(path, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("Save the CSV file as UTF-8 and upload it again.")) from exc
        table = list(csv.reader(io.StringIO(text)))
    if not table or not any(table[0]):
        raise ImportFileError(_("The file is empty; its first line must name the columns."))
    header = [str(h or "").strip().lower().replace(" ", "_") for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            _("Columns missing from the first line: %(cols)s.", cols=", ".join(missing))
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        values, errors = {}, []
        for column, (name, cell) in enumerate(zip(header, cells, strict=False)):
            if name in COLUMNS:
                values[name] = (
                    cell.isoformat()[:10] if isinstance(cell, date) else str(cell or "").strip()
                )
            if (number, column) in unsaved:
                # A formula written by a program, never calculated: importing it as
                # empty would lose what the sender meant.
                errors.append(
                    _(
                        "%(field)s holds a formula with no saved value: open the file in a "
                        "spreadsheet, save it, or paste the values.",
                        field=name,
                    )
                )
        rows.append(Row(number, values, errors))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("At most %(n)d rows per file; split the file.", n=MAX_ROWS))
    return rows


def _parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _as_date(value) -> date | None:
    return value if isinstance(value, date) else _parse_date(value or "")


def check_rows(event, rows: list[Row], user, only_country: str | None) -> list[Row]:
    """Write into each row the errors that would stop it from being imported.

    `only_country`: the ISO3 code a focal point may import into (None: any).
    """
    delegations = {
        iso3: d
        for iso3, d in db.session.execute(
            select(Country.iso3, Delegation)
            .join(Delegation, Delegation.country_id == Country.id)
            .where(Delegation.event_id == event.id)
        )
    }
    # A new event has no categories until its first registration makes the defaults.
    categories = {c.name.lower(): c for c in ensure_default_categories()}
    emails = [r.values.get("email", "").lower() for r in rows if r.values.get("email")]
    taken = set(
        db.session.scalars(
            select(func.lower(Participant.email)).where(
                Participant.event_id == event.id, func.lower(Participant.email).in_(emails)
            )
        )
    )
    seats = Counter(
        dict(
            db.session.execute(
                select(Participant.delegation_id, func.count())
                .join(Category)
                .where(
                    Participant.event_id == event.id,
                    Participant.state.in_(OPEN_STATES),
                    Category.counts_toward_quota,
                )
                .group_by(Participant.delegation_id)
            ).all()
        )
    )
    heads = set(
        db.session.scalars(
            select(Participant.delegation_id).where(
                Participant.event_id == event.id,
                Participant.is_head,
                Participant.state.in_(OPEN_STATES),
            )
        )
    )
    seen_emails: dict[str, int] = {}
    for row in rows:
        v = row.values
        iso3 = v.get("country", "").upper()
        if only_country and not iso3:
            iso3 = v["country"] = only_country
        delegation = None
        if only_country and iso3 != only_country:
            row.errors.append(
                _("You may import only into your own delegation (%(iso3)s).", iso3=only_country)
            )
        elif iso3:
            delegation = delegations.get(iso3)
            if delegation is None:
                row.errors.append(
                    _("Unknown country %(code)s (use an ISO alpha-3 code of a member).", code=iso3)
                )
        elif not v.get("organization_name"):
            row.errors.append(_("Give a country (ISO alpha-3) or an organization_name."))
        for name in REQUIRED:
            if not v.get(name):
                row.errors.append(_("%(field)s is required.", field=name))
        category = categories.get(v.get("category", "").lower())
        if v.get("category") and category is None:
            row.errors.append(_("Unknown category %(name)s.", name=v["category"]))
        email = v.get("email", "")
        if email:
            try:
                email = v["email"] = validate_email(email, check_deliverability=False).normalized
            except EmailNotValidError:
                row.errors.append(_("Bad email address %(email)s.", email=email))
            key = email.lower()
            if key in taken:
                row.errors.append(_("Duplicate: %(email)s is already registered.", email=email))
            elif key in seen_emails:
                row.errors.append(
                    _(
                        "Duplicate: %(email)s is also on line %(line)d.",
                        email=email,
                        line=seen_emails[key],
                    )
                )
            seen_emails.setdefault(key, row.line)
        for name in DATE_FIELDS:
            try:
                _parse_date(v.get(name, ""))
            except ValueError:
                row.errors.append(_("Bad date in %(field)s: write it YYYY-MM-DD.", field=name))
        if delegation is not None and category is not None:
            if category.counts_toward_quota:
                seats[delegation.id] += 1
                if seats[delegation.id] > delegation.quota:
                    row.errors.append(
                        _(
                            "Quota passed: %(iso3)s may have %(n)d delegates.",
                            iso3=iso3,
                            n=delegation.quota,
                        )
                    )
            if category.is_head:
                if delegation.id in heads:
                    row.errors.append(_("%(iso3)s already has a Head of Delegation.", iso3=iso3))
                heads.add(delegation.id)
        if not row.errors:
            # The registration area's own rules (phone, nationality, passport validity...);
            # empty optional cells are left out, as a form would leave them.
            given = {k: val for k, val in v.items() if val and not k.startswith("_")}
            clean, errors = validate_fields(event, given, partial=True)
            for name, messages in (errors or {}).items():
                row.errors.extend(f"{name}: {m}" for m in messages)
            v["_clean"] = clean or {}
        v["_delegation"] = delegation
        v["_category"] = category
    return rows


def import_rows(event, rows: list[Row], user, *, notify: bool = True) -> list[Participant]:
    """Create a registration per row (all rows must be free of errors); flush, never commit.

    With `notify`, each delegate is mailed their private link, as when a focal
    point registers someone on their behalf through the form.
    """
    if any(r.errors for r in rows):
        raise ImportFileError(_("Fix every error in the file before importing it."))
    now = utcnow()
    created = []
    for row in rows:
        v = row.values
        clean = v.get("_clean", {})
        category = v["_category"]

        def value(name, v=v, clean=clean):
            # Prefer the registration rules' normalized value (phone, email, dates).
            return clean[name] if clean.get(name) not in (None, "") else v.get(name, "")

        participant = Participant(
            event_id=event.id,
            delegation_id=v["_delegation"].id if v["_delegation"] else None,
            category_id=category.id,
            is_head=category.is_head and v["_delegation"] is not None,
            given_name=value("given_name"),
            family_name=value("family_name"),
            email=value("email"),
            submitted_at=now,
            **{k: _as_date(value(k)) for k in DATE_FIELDS},
            **{k: value(k) or "" for k in TEXT_FIELDS},
        )
        if participant.language not in ("en", "fr", "es", "ar"):
            participant.language = "en"
        participant.nationality = participant.nationality.upper()
        db.session.add(participant)
        created.append(participant)
    db.session.flush()
    for participant in created:
        audit.record("participant.import", participant, actor=user, participant_id=participant.id)
    audit.record("import", None, actor=user, after={"rows": len(created)})
    if notify:
        for participant in created:
            mail_participant(
                participant, "registration_submitted", _l("Your registration"), actor=user
            )
    return created
