"""Badges as PDF: every script prints with a Noto font, QR codes scan, formats and sizes."""

import io
import subprocess

from pypdf import PdfReader

from assembly.badges import fonts, render, services
from assembly.badges.models import FORMAT_A6, FORMAT_CARD, FORMAT_SHEET
from assembly.extensions import db
from tests.badges.conftest import decode_qr

# Script: (country, printed name, name in the person's own script, font expected in the PDF)
SCRIPTS = {
    "latin": ("FRA", "François Lefèvre-Dûmont", "Łukasz Wiśniewski", "Noto-Sans"),
    "cyrillic": ("RUS", "Vladimir Kolokoltsev", "Владимир Колокольцев", "Noto-Sans"),
    "greek": ("GRC", "Georgios Papadopoulos", "Γεώργιος Παπαδόπουλος", "Noto-Sans"),
    "chinese": ("CHN", "Meng Hongwei", "孟宏伟", "Noto-Sans-CJK"),
    "japanese": ("JPN", "Yamada Taro", "山田たろう", "Noto-Sans-CJK"),
    "korean": ("KOR", "Kim Minjun", "김민준", "Noto-Sans-CJK"),
    "arabic": ("SAU", "Mohammed Al-Qahtani", "محمد القحطاني", "Noto-Sans-Arabic"),
    "hebrew": ("ISR", "David Cohen", "דוד כהן", "Noto-Sans-Hebrew"),
    "devanagari": ("IND", "Rajesh Kumar", "राजेश कुमार", "Noto-Sans-Devanagari"),
    "thai": ("THA", "Somchai Jaidee", "สมชาย ใจดี", "Noto-Sans-Thai"),
}


def _items(people, fmt=FORMAT_A6):
    badges = services.ensure_badges(people)
    db.session.commit()
    items = []
    for person in people:
        item, report = render.badge_item(person, badges[person.id], 1, fmt)
        assert report == []
        items.append(item)
    return items


def _event_data(people):
    return render.event_data(people[0].event)


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "badges.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, timeout=30)
    return out.stdout.decode()


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_every_script_prints_as_text_with_its_noto_font(approved, tmp_path):
    people = [
        approved(country, photo=False, badge_name=name, native_name=native)
        for country, name, native, _ in SCRIPTS.values()
    ]
    pdf = render.render_items(_items(people), FORMAT_A6, _event_data(people), workers=1)
    text = _pdf_text(pdf, tmp_path)
    for script, (_, name, native, _) in SCRIPTS.items():
        assert name in text, script
        words = native.split()
        if script in ("arabic", "hebrew"):
            # Right-to-left words come out of the PDF in visual order, each word intact.
            assert all(w in text or w[::-1] in text for w in words), (script, text)
        else:
            assert all(w in text for w in words), (script, text)
    embedded = _fonts(pdf)
    for script, (*_, font) in SCRIPTS.items():
        assert any(name.startswith(font) for name in embedded), (script, embedded)
    # Latin, Cyrillic and Greek in Noto Sans itself (regular or bold), not in a fallback.
    assert {"Noto-Sans", "Noto-Sans-Bold"} & embedded


def test_a_name_no_font_covers_is_reported_not_printed(approved):
    strange = "\U000f0001\U000f0002"  # supplementary private use: no font has these
    assert fonts.missing_characters(strange) == strange
    assert fonts.missing_characters("Zhang 张伟 محمد") == ""
    person = approved("CHN", photo=False, badge_name="Zhang Wei", native_name=strange)
    badge = services.ensure_badge(person)
    item, report = render.badge_item(person, badge, 1, FORMAT_A6)
    assert item["native"] == "" and item["name"] == "Zhang Wei" and item["printable"]
    assert report[0]["field"] == "native_name"
    assert report[0]["characters"] == "U+F0001 U+F0002"


def test_long_names_shrink_to_fit_their_line():
    short = render.fit_size("Li Na", 95, 24, 9)
    long = render.fit_size("João Gonçalves da Silva Araújo Figueiredo de Albuquerque", 95, 24, 9)
    wide = render.fit_size("欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜", 95, 24, 9)
    assert short == 24 and 9 <= long < 16
    assert wide * 16 <= 95 * 72 / 25.4 < 24 * 16  # sixteen full-width characters fit in 95 mm
    assert render.text_direction("محمد") == "rtl" and render.text_direction("Ivan") == "ltr"


def test_the_qr_code_of_a_rendered_badge_scans_to_its_token(approved, tmp_path):
    from assembly.badges.tokens import make_token

    person = approved("CHN", badge_name="Zhang Wei", native_name="张伟")
    badge = services.ensure_badge(person)
    db.session.commit()
    png = render.pdf_to_png(render.render_badge_pdf(person, badge), dpi=150)
    assert decode_qr(png, tmp_path) == [make_token(badge.id, badge.version)]


def test_formats_page_sizes_sheets_of_four_and_duplex_backs(approved):
    people = [approved(iso, photo=False) for iso in ("CHN", "FRA", "KEN", "BRA", "ESP")]
    data = _event_data(people)

    def pages(fmt, back=False):
        pdf = render.render_items(_items(people, fmt), fmt, data, back_side=back, workers=1)
        reader = PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        return (
            len(reader.pages),
            round(float(box.width) * 25.4 / 72),
            round(float(box.height) * 25.4 / 72),
        )

    assert pages(FORMAT_A6) == (5, 105, 148)
    assert pages(FORMAT_CARD) == (5, 86, 54)
    assert pages(FORMAT_SHEET) == (2, 210, 297)  # four on the first sheet, one on the next
    assert pages(FORMAT_SHEET, back=True)[0] == 4  # each sheet followed by its backs
    assert pages(FORMAT_A6, back=True)[0] == 10


def test_sheet_backs_are_mirrored_for_long_edge_duplex(approved):
    people = [approved(iso, photo=False) for iso in ("CHN", "FRA", "KEN", "BRA")]
    items = _items(people, FORMAT_SHEET)
    pages = render._pages(items, FORMAT_SHEET, back_side=True)
    fronts = [i["id"] for _, i in pages[0]["slots"]]
    backs = [i["id"] for _, i in pages[1]["slots"]]
    assert backs == [fronts[1], fronts[0], fronts[3], fronts[2]]


def test_chunks_rendered_in_two_processes_are_merged_in_order(approved, tmp_path):
    people = [approved(iso, photo=False) for iso in ("CHN", "FRA", "KEN", "BRA", "ESP", "JPN")]
    items = _items(people, FORMAT_A6)
    done = []
    pdf = render.render_items(
        items, FORMAT_A6, _event_data(people), workers=2, chunk=2, progress=done.append
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 6 and done == [2, 4, 6]
    texts = [page.extract_text() for page in reader.pages]
    assert [p.printed_name in t for p, t in zip(people, texts, strict=True)] == [True] * 6


def test_the_lean_stylesheet_prints_the_same_pixels_as_weasyprints_own(approved):
    from weasyprint import HTML

    from assembly.core.pdf import asset_roots

    people = [
        approved("SAU", badge_name="Mohammed Al-Qahtani", native_name="محمد القحطاني"),
        approved("CHN", photo=False, badge_name="Meng Hongwei", native_name="孟宏伟"),
        approved("KEN", category_name="Observer"),
    ]
    sessions = [{"when": "Mon 09:00", "title": "Opening", "room": "Hall A"}] * 3
    for fmt, count in ((FORMAT_SHEET, 2), (FORMAT_CARD, 6)):
        items = _items(people, fmt)
        for item in items:
            item["sessions"] = sessions
        render.prepare_assets(asset_roots(), items)
        html = render.document_html(items, fmt, _event_data(people), back_side=True)

        def pages(document_class, html=html):
            fetcher = render.BadgeFetcher(asset_roots())
            pdf = document_class(string=html, base_url="asset:/", url_fetcher=fetcher).write_pdf()
            count = len(PdfReader(io.BytesIO(pdf)).pages)
            return [render.pdf_to_image(pdf, scale=1.5, page=n).tobytes() for n in range(count)]

        lean, plain = pages(render.BadgeHTML), pages(HTML)
        assert len(lean) == count and lean == plain, fmt
