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
