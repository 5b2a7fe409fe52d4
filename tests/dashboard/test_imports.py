"""Import of participants from CSV or XLSX: preview with errors, all or nothing."""

import io
import re

from openpyxl import Workbook
from sqlalchemy import func, select

from assembly.extensions import db
from assembly.registration.models import Participant
from tests import factories

HEADER = "country,category,given_name,family_name,email,date_of_birth,native_name,position\n"


def _count():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Participant))


def _upload(client, content: bytes, name="people.csv"):
    return client.post(
        "/admin/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _token(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.search(r"token=([^&]+)", response.headers["Location"]).group(1)


def test_import_with_errors_shows_them_per_row_and_changes_nothing(app, client, event, as_role):
    factories.make_participant(event, "FRA", email="taken@example.org")
    factories.make_participant(event, "ITA", category_name="Head of Delegation", is_head=True)
    rows = [
        "FRA,Delegate,Ana,Ok,ok@example.org,1980-02-03,,Chief",
        "XXX,Delegate,Bad,Country,bad.country@example.org,,,",
        "FRA,Delegate,Bad,Email,not-an-email,,,",
        "FRA,Delegate,Dup,Db,taken@example.org,,,",
        "FRA,Delegate,Dup,File,ok@example.org,,,",
        "FRA,Delegate,Bad,Date,bad.date@example.org,1980-13-45,,",
        "ITA,Head of Delegation,Second,Head,head2@example.org,,,",
    ]
    before = _count()
    as_role("officer")
    token = _token(_upload(client, (HEADER + "\n".join(rows) + "\n").encode()))
    page = client.get(f"/admin/import/preview?token={token}")
    html = page.get_data(as_text=True)
    assert "6 of 7 rows have errors" in html
    assert "Unknown country XXX" in html
    assert "Bad email address not-an-email" in html
    assert "taken@example.org is already registered" in html
    assert "ok@example.org is also on line 2" in html
    assert "Bad date in date_of_birth" in html
    assert "already has a Head of Delegation" in html
    assert 'id="import-confirm"' not in html
    response = client.post("/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert "Fix every error" in response.get_data(as_text=True)
    assert _count() == before


def test_quota_passed_is_an_error(app, client, event, as_role):
    from assembly.countries.services import delegation_for

    delegation_for(event, "ESP").quota = 2
    db.session.commit()
    rows = [f"ESP,Delegate,G{i},F{i},esp{i}@example.org,,," for i in range(3)]
    as_role("officer")
    token = _token(_upload(client, (HEADER + "\n".join(rows)).encode()))
    html = client.get(f"/admin/import/preview?token={token}").get_data(as_text=True)
    assert "1 of 3 rows have errors" in html
    assert "Quota passed: ESP may have 2 delegates" in html


def test_clean_csv_imports_every_row(app, client, event, as_role, outbox):
    rows = [
        "FRA,Delegate,Jean,Dupont,jean@example.org,1970-05-06,,Director",
        "CHN,Delegate,Wei,Zhang,wei@example.org,,张伟,Inspector",
        ",Observer,Olga,Obs,olga@example.org,,,",
    ]
    content = HEADER.replace("position", "position,organization_name")
    content += "\n".join(r + ("," if i < 2 else ",UNODC") for i, r in enumerate(rows)) + "\n"
    as_role("officer")
    token = _token(_upload(client, content.encode()))
    html = client.get(f"/admin/import/preview?token={token}").get_data(as_text=True)
    assert "3 rows, no error" in html, html[html.find("import-rows") :][:3000]
    response = client.post(
        "/admin/import/confirm", data={"token": token, "notify": "y"}, follow_redirects=True
    )
    assert "3 participants imported" in response.get_data(as_text=True)
    mails = outbox()
    assert sorted(m.to for m in mails) == [
        "jean@example.org",
        "olga@example.org",
        "wei@example.org",
    ]
    assert all("/my/" in m.body_text for m in mails)
    db.session.expire_all()
    people = {p.email: p for p in db.session.scalars(select(Participant))}
    assert set(people) == {"jean@example.org", "wei@example.org", "olga@example.org"}
    assert people["wei@example.org"].native_name == "张伟"
    assert people["wei@example.org"].delegation.country.iso3 == "CHN"
    assert people["olga@example.org"].organization_name == "UNODC"
    assert str(people["jean@example.org"].date_of_birth) == "1970-05-06"
    assert {p.state for p in people.values()} == {"submitted"}
    # The token cannot be used twice: the file is gone.
    again = client.post("/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert "upload the file again" in again.get_data(as_text=True)
    assert _count() == 3


def test_clean_xlsx_imports_every_row(app, client, event, as_role):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Country", "Category", "Given name", "Family name", "Email"])
    sheet.append(["DEU", "Delegate", "Hans", "Müller", "hans@example.org"])
    sheet.append(["DEU", "Delegate", "Anna", "Schmidt", "anna@example.org"])
    data = io.BytesIO()
    workbook.save(data)
    as_role("admin")
    token = _token(_upload(client, data.getvalue(), "people.xlsx"))
    response = client.post("/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert "2 participants imported" in response.get_data(as_text=True)
    assert _count() == 2


def test_an_uncalculated_xlsx_formula_is_an_error_not_an_empty_cell(app, client, event, as_role):
    workbook = Workbook()  # openpyxl writes formulas without their values, as scripts do
    sheet = workbook.active
    sheet.append(["Country", "Category", "Given name", "Family name", "Email", "Position"])
    sheet.append(["DEU", "Delegate", "Hans", "Müller", "hans@example.org", '=UPPER("chief")'])
    data = io.BytesIO()
    workbook.save(data)
    as_role("admin")
    token = _token(_upload(client, data.getvalue(), "people.xlsx"))
    html = client.get(f"/admin/import/preview?token={token}").get_data(as_text=True)
    assert "1 of 1 rows have errors" in html
    assert "position holds a formula with no saved value" in html
    assert 'id="import-confirm"' not in html


def test_focal_point_cannot_import_into_another_country(app, client, event, as_role):
    as_role("focal_point", country="CHN")
    rows = ["FRA,Delegate,Jean,Dupont,jean@example.org,,,", ",Delegate,Li,Na,li@example.org,,,"]
    token = _token(_upload(client, (HEADER + "\n".join(rows)).encode()))
    html = client.get(f"/admin/import/preview?token={token}").get_data(as_text=True)
    assert "1 of 2 rows have errors" in html
    assert "only into your own delegation (CHN)" in html
    client.post("/admin/import/confirm", data={"token": token})
    assert _count() == 0

    token = _token(_upload(client, (HEADER + rows[1]).encode()))
    client.post("/admin/import/confirm", data={"token": token})
    db.session.expire_all()
    person = db.session.scalars(select(Participant)).one()
    assert person.delegation.country.iso3 == "CHN"


def test_import_token_of_another_user_is_refused(app, client, event, as_role):
    as_role("officer")
    token = _token(_upload(client, (HEADER + "FRA,Delegate,A,B,a@example.org,,,").encode()))
    client.post("/logout")
    as_role("officer")
    response = client.post("/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert "upload the file again" in response.get_data(as_text=True)
    assert _count() == 0


def test_import_refuses_checkin_staff_and_bad_files(app, client, event, as_role):
    as_role("checkin")
    assert client.get("/admin/import").status_code == 403
    assert client.post("/admin/import/confirm", data={"token": "x"}).status_code == 403
    client.post("/logout")
    as_role("officer")
    response = _upload(client, b"given_name,email\nA,a@example.org\n")
    assert response.status_code == 400
    assert "Columns missing" in response.get_data(
        as_text=True
    ) or "family_name" in response.get_data(as_text=True)
