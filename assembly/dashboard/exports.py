"""Exports: the filtered registrations list as CSV or XLSX, one country's list as PDF,
and the whole event as a ZIP archive (a CSV per table plus the photos).

Every text cell a spreadsheet would run as a formula (starting with =, +, -, @,
tab or carriage return) gets a leading single quote, in CSV as in XLSX.
"""

import csv
import io
import os
import tempfile
import zipfile
from datetime import date, datetime

from flask import current_app
from openpyxl import Workbook
from sqlalchemy import select

from assembly.badges.services import badge_status
from assembly.extensions import db
from assembly.registration.privacy import can_see_personal_data

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Secrets never leave the database, even in an admin's archive.
SECRET_COLUMNS = {"password_hash", "token_hash"}
# Sent mail holds the delegates' private links: an archive must not open their pages.
SKIPPED_TABLES = {"outbox"}
CHUNK = 1000


def neutralize(value):
    """Return `value` made safe for a spreadsheet: text that looks like a formula is quoted."""
    if isinstance(value, str) and value[:1] in _FORMULA_FIRST:
        return "'" + value
    return value


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def _cell(value):
    # Text first: nearly every cell is text, and this runs for every cell of an export.
    if type(value) is str:
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return neutralize(value)


def _columns() -> list[tuple[str, object]]:
    from assembly.countries.models import Country
    from assembly.registration.models import Category, Participant

    p = Participant
    return [
        ("id", p.id),
        ("title", p.title),
        ("given_name", p.given_name),
        ("family_name", p.family_name),
        ("badge_name", p.badge_name),
        ("native_name", p.native_name),
        ("country", Country.iso3),
        ("country_name", Country.name),
        ("organization_name", p.organization_name),
        ("category", Category.name),
        ("state", p.state),
        ("head_of_delegation", p.is_head),
        ("date_of_birth", p.date_of_birth),
        ("passport_number", p.passport_number),
        ("passport_expiry", p.passport_expiry),
        ("position", p.position),
        ("organization", p.organization),
        ("email", p.email),
        ("phone", p.phone),
        ("nationality", p.nationality),
        ("language", p.language),
        ("arrival_date", p.arrival_date),
        ("departure_date", p.departure_date),
        ("dietary", p.dietary),
        ("accessibility", p.accessibility),
        ("submitted_at", p.submitted_at),
        ("approved_at", p.approved_at),
        ("decision_reason", p.decision_reason),
    ]


PERSONAL_COLUMNS = {"date_of_birth", "passport_number", "passport_expiry"}
BADGE_COLUMNS = ("badge_printed", "badge_collected", "checked_in")
BADGE_KEYS = ("printed", "collected", "checked_in")  # their names in badge_status()


def columns_for(user) -> list[str]:
    """Return the names of every column `user` may see, in order."""
    personal = can_see_personal_data(user)
    names = [n for n, _ in _columns() if personal or n not in PERSONAL_COLUMNS]
    return names + list(BADGE_COLUMNS)


def _rows(event, filters, user, ids):
    """Yield the header, then one list of cells per participant, streaming in chunks.

    Plain columns, not objects: an export of every registration reads fast.
    """
    from assembly.dashboard import listing

    names = columns_for(user)
    wanted = [(n, c) for n, c in _columns() if n in names]
    yield names
    stmt = listing.export_select(event, filters, user, ids, [c.label(n) for n, c in wanted])
    result = db.session.execute(stmt.execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        status = badge_status([r.id for r in chunk])
        for row in chunk:
            cells = [_cell(v) for v in row]
            badge = status.get(row.id, {})
            cells += [_cell(badge.get(k)) for k in BADGE_KEYS]
            yield cells


def registrations_csv(event, filters, user, ids=None) -> bytes:
    """Return the filtered participants (or `ids`) as CSV (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _rows(event, filters, user, ids):
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def registrations_xlsx(event, filters, user, ids=None) -> bytes:
    """Return the filtered participants (or `ids`) as an XLSX workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registrations")
    for row in _rows(event, filters, user, ids):
        # Text stays text: openpyxl would otherwise store "=..." as a formula.
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _table_csv(table) -> bytes:
    names = [c.name for c in table.columns if c.name not in SECRET_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    result = db.session.execute(select(*(table.c[n] for n in names)).order_by(*table.primary_key))
    for row in result:
        writer.writerow([_cell(v if not isinstance(v, dict | list) else str(v)) for v in row])
    return out.getvalue().encode("utf-8")


def event_archive() -> str:
    """Write the whole database (a CSV per table) and the photos to a ZIP; return its path.

    The caller sends the file and deletes it; it is written to disk, not memory,
    because photos of thousands of delegates do not fit comfortably in a request.
    """
    handle, path = tempfile.mkstemp(suffix=".zip", prefix="assembly-archive-")
    os.close(handle)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in db.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            archive.writestr(f"tables/{table.name}.csv", _table_csv(table))
        photos = os.path.join(current_app.config["UPLOAD_DIR"], "photos")
        if os.path.isdir(photos):
            for name in sorted(os.listdir(photos)):
                full = os.path.join(photos, name)
                if os.path.isfile(full) and not os.path.islink(full):
                    archive.write(full, f"photos/{name}", compress_type=zipfile.ZIP_STORED)
    return path
