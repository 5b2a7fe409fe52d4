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

from assembly.dashboard import bridges
from assembly.extensions import db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Secrets never leave the database, even in an admin's archive.
SECRET_COLUMNS = {"password_hash", "token_hash"}
# Sent mail holds the delegates' private links: an archive must not open their pages.
SKIPPED_TABLES = {"outbox"}
CHUNK = 1000


def neutralize(value):
    """Return `value` made safe for a spreadsheet: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return neutralize(value) if isinstance(value, str) else value


def columns_for(user) -> list[tuple[str, callable]]:
    """Return the (header, getter) of every column `user` may see, in order."""
    columns = [
        ("id", lambda p, b: p.id),
        ("title", lambda p, b: p.title),
        ("given_name", lambda p, b: p.given_name),
        ("family_name", lambda p, b: p.family_name),
        ("badge_name", lambda p, b: p.badge_name),
        ("native_name", lambda p, b: p.native_name),
        ("country", lambda p, b: p.delegation.country.iso3 if p.delegation else ""),
        ("country_name", lambda p, b: p.delegation.country.name if p.delegation else ""),
        ("organization_name", lambda p, b: p.organization_name),
        ("category", lambda p, b: p.category.name),
        ("state", lambda p, b: p.state),
        ("head_of_delegation", lambda p, b: p.is_head),
        ("position", lambda p, b: p.position),
        ("organization", lambda p, b: p.organization),
        ("email", lambda p, b: p.email),
        ("phone", lambda p, b: p.phone),
        ("nationality", lambda p, b: p.nationality),
        ("language", lambda p, b: p.language),
        ("arrival_date", lambda p, b: p.arrival_date),
        ("departure_date", lambda p, b: p.departure_date),
        ("dietary", lambda p, b: p.dietary),
        ("accessibility", lambda p, b: p.accessibility),
        ("submitted_at", lambda p, b: p.submitted_at),
        ("approved_at", lambda p, b: p.approved_at),
        ("decision_reason", lambda p, b: p.decision_reason),
    ]
    if bridges.can_see_personal_data(user):
        columns[11:11] = [
            ("date_of_birth", lambda p, b: p.date_of_birth),
            ("passport_number", lambda p, b: p.passport_number),
            ("passport_expiry", lambda p, b: p.passport_expiry),
        ]
    columns += [
        ("badge_printed", lambda p, b: None if b is None else b.get("printed")),
        ("badge_collected", lambda p, b: None if b is None else b.get("collected")),
        ("checked_in", lambda p, b: None if b is None else b.get("checked_in")),
    ]
    return columns


def _rows(stmt, user):
    """Yield the header, then one list of cells per participant, streaming in chunks."""
    columns = columns_for(user)
    yield [name for name, _ in columns]
    result = db.session.scalars(stmt.execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        status = bridges.badge_status([p.id for p in chunk])
        for p in chunk:
            badge = None if status is None else status.get(p.id, {})
            yield [_cell(getter(p, badge)) for _, getter in columns]


def registrations_csv(stmt, user) -> bytes:
    """Return the participants selected by `stmt` as CSV (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _rows(stmt, user):
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def registrations_xlsx(stmt, user) -> bytes:
    """Return the participants selected by `stmt` as an XLSX workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registrations")
    for row in _rows(stmt, user):
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
