"""Exports: CSV and XLSX of the filtered list, the country PDF and the event archive."""

import csv
import io
import os
import zipfile

from openpyxl import load_workbook
from pypdf import PdfReader

from assembly.dashboard.exports import columns_for, neutralize
from tests import factories

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_neutralize_quotes_formula_starts_only():
    for value in DANGEROUS:
        assert neutralize(value) == "'" + value
    assert neutralize("Jean") == "Jean"
    assert neutralize(12) == 12


def test_csv_export_has_filtered_rows_and_neutralized_cells(app, client, event, as_role):
    evil = factories.make_participant(
        event,
        "FRA",
        given_name=DANGEROUS[0],
        family_name=DANGEROUS[1],
        position=DANGEROUS[2],
        organization=DANGEROUS[3],
        dietary=DANGEROUS[4],
        accessibility=DANGEROUS[5],
        native_name="让-吕克",
    )
    factories.make_participant(event, "DEU")
    as_role("officer")
    response = client.get("/admin/registrations/export.csv?country=FRA")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "filename=registrations-86.csv" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(evil.id)
    assert row["given_name"] == "'" + DANGEROUS[0]
    assert row["family_name"] == "'+1+1"
    assert row["position"] == "'-2+3"
    assert row["organization"] == "'@SUM(A1)"
    assert row["dietary"] == "'\tTAB"
    assert row["accessibility"] == "'\rCR"
    assert row["native_name"] == "让-吕克"
    assert row["country"] == "FRA" and row["state"] == "submitted"
    # Officers see the passport and the date of birth.
    assert row["passport_number"] == evil.passport_number
    assert row["date_of_birth"] == "1970-01-01"
    for column in ("badge_printed", "checked_in", "email", "category", "arrival_date"):
        assert column in row


def test_xlsx_export_reads_back_as_text_not_formulas(app, client, event, as_role):
    factories.make_participant(event, "FRA", given_name="=1+1", family_name="@cmd", position="-x")
    factories.make_participant(event, "DEU", given_name="Plain")
    as_role("admin")
    response = client.get("/admin/registrations/export.xlsx?sort=name")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert "passport_number" in header
    data = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert len(data) == 2
    evil = next(r for r in data if r["country"] == "FRA")
    assert evil["given_name"] == "'=1+1"
    assert evil["family_name"] == "'@cmd"
    assert evil["position"] == "'-x"
    for cell in sheet.iter_rows():
        for c in cell:
            assert c.data_type != "f"


def test_columns_hide_personal_data_from_roles_that_may_not_see_it(app):
    officer = factories.make_user("officer")
    checkin = factories.make_user("checkin")
    assert "passport_number" in columns_for(officer)
    hidden = columns_for(checkin)
    assert "passport_number" not in hidden and "date_of_birth" not in hidden


def test_exports_refuse_other_roles(app, client, event, as_role):
    for role in ("focal_point", "checkin"):
        client.post("/logout")
        as_role(role)
        for url in (
            "/admin/registrations/export.csv",
            "/admin/registrations/export.xlsx",
            "/admin/countries/CHN/participants.pdf",
        ):
            assert client.get(url).status_code == 403, (role, url)
    client.post("/logout")
    as_role("officer")
    assert client.get("/admin/export/archive.zip").status_code == 403


def test_country_pdf_lists_the_delegation(app, client, event, as_role):
    factories.make_participant(
        event, "CHN", given_name="Wei", family_name="Zhang", native_name="张伟"
    )
    factories.make_participant(event, "FRA", given_name="Jean", family_name="Dupont")
    as_role("officer")
    response = client.get("/admin/countries/CHN/participants.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "filename=participants-CHN.pdf" in response.headers["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Zhang" in text and "张伟" in text
    assert "Dupont" not in text


def test_archive_holds_a_csv_per_table_and_the_photos(app, client, event, as_role):
    factories.make_participant(event, "FRA", given_name="=evil")
    photos = os.path.join(app.config["UPLOAD_DIR"], "photos")
    os.makedirs(photos, exist_ok=True)
    with open(os.path.join(photos, "1.jpg"), "wb") as f:
        f.write(b"\xff\xd8fakejpeg")
    as_role("admin")
    response = client.get("/admin/export/archive.zip")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert "tables/participant.csv" in names and "tables/user.csv" in names
    assert archive.read("photos/1.jpg") == b"\xff\xd8fakejpeg"
    participants = archive.read("tables/participant.csv").decode()
    assert "'=evil" in participants
    users = archive.read("tables/user.csv").decode()
    assert "password_hash" not in users
    assert "tables/outbox.csv" not in names  # mail bodies hold private links
