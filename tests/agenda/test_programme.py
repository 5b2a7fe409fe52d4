"""The programme booklet, read back from the PDF."""

import io

from pypdf import PdfReader


def test_booklet_text_days_people_and_page_numbers(client, event, make_session):
    make_session("Opening ceremony", chairs=["Meng Hongwei 孟宏伟"], speakers=["Jürgen Stock"])
    make_session(
        "Foreign fighters",
        "2017-09-28 09:00",
        "2017-09-28 10:30",
        room="pearl",
        themes=("terrorism",),
        speakers=["أحمد حسن", "Ольга Смирнова"],
    )
    make_session("Hidden draft", room="lotus", state="draft")
    response = client.get("/agenda/programme.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    assert "86th INTERPOL General Assembly" in pages[0] and "Programme" in pages[0]
    assert "Tuesday 26 September 2017" in text and "Thursday 28 September 2017" in text
    assert "Wednesday 27 September" not in text  # no empty day
    assert "09:00–10:30" in text and "Pearl Room" in text and "Foreign fighters" in text
    assert "Meng Hongwei 孟宏伟" in text and "Ольга Смирнова" in text and "Jürgen Stock" in text
    assert "Hidden draft" not in text
    assert "Index of speakers and chairs" in pages[-1]
    assert f"{len(pages)} / {len(pages)}" in pages[-1]  # page numbers from @page counters
    # Arabic is shaped: the letters survive extraction in logical order (no tofu).
    assert "حسن" in text or "أحمد" in text


def test_booklet_is_rendered_once_per_content(client, event, make_session, monkeypatch):
    from assembly.agenda import editing, programme
    from assembly.extensions import db

    session = make_session("Cached talk")
    calls = []
    real = programme.html_to_pdf
    monkeypatch.setattr(programme, "html_to_pdf", lambda html: calls.append(1) or real(html))
    first = client.get("/agenda/programme.pdf").data
    assert client.get("/agenda/programme.pdf").data == first and len(calls) == 1
    editing.save_session(event, session, {"title": "Renamed talk"})
    db.session.commit()
    renamed = client.get("/agenda/programme.pdf")
    assert len(calls) == 2 and renamed.data != first
    assert len(list(programme.cache_folder().glob("programme-*.pdf"))) == 1


def test_index_lists_each_page_once(client, event, make_session):
    for hour in (9, 10, 11):  # three sessions on one page
        make_session(
            f"Talk {hour}",
            f"2017-09-26 {hour:02d}:00",
            f"2017-09-26 {hour:02d}:45",
            speakers=["Jürgen Stock"],
        )
    make_session("Closing", "2017-09-28 16:00", "2017-09-28 17:00", speakers=["Jürgen Stock"])
    response = client.get("/agenda/programme.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    index = reader.pages[-1].extract_text()
    line = next(li for li in index.splitlines() if "Jürgen Stock" in li)
    numbers = line.rsplit("—", 1)[1].replace(" ", "").split(",")
    assert numbers == ["2", "3"], line
