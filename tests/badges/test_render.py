"""Badges as PDF: every script prints with a Noto font, QR codes scan, formats and sizes."""

import io
import re
import subprocess

from pypdf import PdfReader

from assembly.badges import assets, engine, fitting, fonts, render, services
from assembly.badges.items import badge_item, event_data
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
        item, report = badge_item(person, badges[person.id], 1, fmt)
        assert [r for r in report if r["field"] != "photo"] == []
        items.append(item)
    return items


def _event_data(people):
    return event_data(people[0].event)


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
    item, report = badge_item(person, badge, 1, FORMAT_A6)
    assert item["native"] == "" and item["name"] == "Zhang Wei" and item["printable"]
    assert report[0]["field"] == "native_name"
    assert report[0]["characters"] == "U+F0001 U+F0002"


def test_long_names_shrink_to_fit_their_line():
    short = fitting.fit_size("Li Na", 95, 24, 9)
    long = fitting.fit_size("João Gonçalves da Silva Araújo Figueiredo de Albuquerque", 95, 24, 9)
    wide = fitting.fit_size("欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜", 95, 24, 9)
    assert short == 24 and 9 <= long < 16
    assert wide * 16 <= 95 * 72 / 25.4 < 24 * 16  # sixteen full-width characters fit in 95 mm
    assert fitting.text_direction("محمد") == "rtl" and fitting.text_direction("Ivan") == "ltr"
    # Widths are Noto's own: bold "m" is almost an em, "i" under a third.
    assert fitting.text_width("m", bold=True) > 0.9 and fitting.text_width("i", bold=True) < 0.35


def test_a_long_title_or_country_goes_on_two_lines_rather_than_shrink_away():
    size, lines = fitting.fit_lines(
        "Congo, The Democratic Republic of the", "card", "delegation_flag"
    )
    assert lines == ("Congo, The Democratic", "Republic of the") and size >= 6
    assert fitting.fit_lines("France", "card", "delegation_flag") == (7, ("France",))
    size, lines = fitting.fit_lines("United Nations Office on Drugs and Crime", "a6", "delegation")
    assert lines == ("United Nations Office on Drugs and Crime",) and 7 <= size < 13


# Long text: (country or None, printed name, own script, title, position, organization)
LONG = [
    ("SAU", "Mohammed Al-Qahtani", "محمد عبد الله القحطاني", "Major General", "", ""),
    (
        "COD",
        "Jean-Pierre Mukendi Kabasele Tshilombo",
        "",
        "Commissaire Divisionnaire",
        "Directeur Central de la Police Judiciaire et de la Coopération Internationale",
        "",
    ),
    (
        None,
        "Wolfgang Wolfeschlegelsteinhausenbergerdorff",
        "",
        "Senior Crime Prevention and Criminal Justice Officer",
        "Head of Section",
        "United Nations Office on Drugs and Crime (UNODC)",
    ),
    ("MMM", "MWMWMWMWMWMWMWMW WMWMWMWMWMWM", "", "", "", ""),
    ("THA", "Somchai Jaidee", "สมชาย ใจดีมากมายหลายอย่าง", "Police Lieutenant General", "", ""),
]
# Where text may print on a badge, and the QR code (x from, x to, y from, y to; mm).
TEXT_AREA = {FORMAT_A6: (5, 100, 72, 119), FORMAT_CARD: (26, 62, 11, 37)}
QR = {FORMAT_A6: (62, 97, 27, 62), FORMAT_CARD: (63.6, 82.6, 11, 30)}


def _words(pdf: bytes, tmp_path) -> list[tuple[int, str, float, float, float, float]]:
    """Return (page, word, x min, x max, y min, y max in mm) of every word, from pdftotext."""
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, timeout=30
    ).stdout
    words, page = [], -1
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
        )
        if found:
            x0, y0, x1, y1 = (float(v) * 25.4 / 72 for v in found.groups()[:4])
            words.append((page, found.group(5), x0, x1, y0, y1))
    return words


def test_long_text_stays_in_its_area_and_clear_of_the_qr_code(approved, tmp_path):
    people = []
    for iso3, name, native, title, position, organization in LONG:
        fields = {"badge_name": name, "native_name": native, "title": title, "position": position}
        if iso3 == "MMM":
            iso3 = "FRA"
        people.append(
            approved(iso3, photo=False, organization_name=organization, **fields)
            if iso3
            else approved(
                None,
                photo=False,
                category_name="Observer",
                organization_name=organization,
                **fields,
            )
        )
    for fmt in (FORMAT_A6, FORMAT_CARD, FORMAT_SHEET):
        pdf = render.render_items(_items(people, fmt), fmt, _event_data(people), workers=1)
        layout = FORMAT_CARD if fmt == FORMAT_CARD else FORMAT_A6
        left, right, top, bottom = TEXT_AREA[layout]
        qr_left, qr_right, qr_top, qr_bottom = QR[layout]
        words = _words(pdf, tmp_path)
        assert len(words) > 40, fmt
        for page, word, x0, x1, y0, y1 in words:
            if fmt == FORMAT_SHEET:  # four A6 badges a sheet: back to the badge's own corner
                x0, x1 = (x0 - 105, x1 - 105) if x0 >= 105 else (x0, x1)
                y0, y1 = (y0 - 148.5, y1 - 148.5) if y0 >= 148.5 else (y0, y1)
            where = (fmt, page, word, round(x0, 1), round(x1, 1), round(y0, 1), round(y1, 1))
            assert left - 0.2 <= x0 and x1 <= right + 0.2, where
            assert top - 1 <= y0 and y1 <= bottom + 1, where
            assert x1 <= qr_left or x0 >= qr_right or y1 <= qr_top or y0 >= qr_bottom, where


def test_the_qr_code_of_a_rendered_badge_scans_to_its_token(approved, tmp_path):
    from assembly.badges.tokens import make_token

    person = approved("CHN", badge_name="Zhang Wei", native_name="张伟")
    badge = services.ensure_badge(person)
    db.session.commit()
    png = engine.pdf_to_png(render.render_badge_pdf(person, badge), dpi=150)
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


def test_sheets_are_in_cut_and_stack_order():
    for count in (1, 4, 5, 10, 17):
        items = [{"id": n} for n in range(count)]
        pages = render._pages(render.stack_order(items), FORMAT_SHEET, back_side=False)
        # Cut the stack: four piles (top left, top right, bottom left, bottom right),
        # each pile in sheet order, then the piles on top of one another.
        piles = [[page["slots"][slot][1] for page in pages] for slot in range(4)]
        stacked = [item["id"] for pile in piles for item in pile if item]
        assert stacked == list(range(count)), count
        assert len(pages) == -(-count // 4)


def test_a_sheet_run_in_chunks_keeps_cut_and_stack_order(approved):
    people = [approved("CHN", photo=False, badge_name=f"Badge Number{n:02d}") for n in range(10)]
    items = _items(people, FORMAT_SHEET)
    done = []
    pdf = render.render_items(
        items, FORMAT_SHEET, _event_data(people), workers=2, chunk=4, progress=done.append
    )
    reader = PdfReader(io.BytesIO(pdf))
    on_sheets = [
        [n for n in range(10) if f"Number{n:02d}" in page.extract_text()] for page in reader.pages
    ]
    # Three sheets: the first pile is badges 0-2, the second 3-5, the third 6-8, the last 9.
    assert on_sheets == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]
    assert done == [4, 7, 10]  # badges drawn, empty slots not counted


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
        assets.prepare_assets(asset_roots(), items)
        html = render.document_html(items, fmt, _event_data(people), back_side=True)

        def pages(document_class, html=html):
            fetcher = engine.BadgeFetcher(asset_roots())
            pdf = document_class(string=html, base_url="asset:/", url_fetcher=fetcher).write_pdf()
            count = len(PdfReader(io.BytesIO(pdf)).pages)
            return [engine.pdf_to_image(pdf, scale=1.5, page=n).tobytes() for n in range(count)]

        lean, plain = pages(engine.BadgeHTML), pages(HTML)
        assert len(lean) == count and lean == plain, fmt


def test_the_card_prints_the_event_logo_and_no_empty_sessions_heading(approved, tmp_path):
    person = approved("FRA", photo=False, badge_name="Jean Dupont")
    sessions = [{"when": "Tue 09:00", "title": "Opening ceremony", "room": "Plenary Hall"}]
    texts = {}
    for fmt in (FORMAT_CARD, FORMAT_A6):
        (item,) = _items([person], fmt)
        item["sessions"] = sessions
        pdf = render.render_items([item], fmt, _event_data([person]), back_side=True, workers=1)
        texts[fmt] = PdfReader(io.BytesIO(pdf)).pages[1].extract_text().upper()
        if fmt == FORMAT_CARD:
            front = engine.pdf_to_image(pdf, scale=4)  # 4 px a point
            px = 4 * 72 / 25.4  # a millimetre
            logo = front.crop((int(3 * px), int(43 * px), int(11 * px), int(51 * px)))
            assert logo.convert("L").getextrema()[0] < 128  # drawn, not blank paper
    assert "MY SESSIONS" not in texts[FORMAT_CARD] and "EMERGENCY" in texts[FORMAT_CARD]
    assert "MY SESSIONS" in texts[FORMAT_A6] and "OPENING CEREMONY" in texts[FORMAT_A6]
