"""Benchmark of badge printing: a print run of 2,000 badges against the plain way.

    .venv/bin/python bench/badges.py [--count 2000]

Makes (in a temporary SQLite database and upload folder) N approved participants
with names in every script the badges support, each with a 600 x 800 JPEG
photo stored as the registration stores one (with its badge-size copy), then
measures, each in a fresh forked process:

- the print run (A4 sheets): what `/admin/badges` starts in the worker, chunks
  rendered by two processes and merged with qpdf (pikepdf); the first run also
  draws the category backgrounds and flags, which later runs reuse;
- the plain way: the same template and data (and the same stored photos) as
  one WeasyPrint document in one process;

and prints time, badges per second and peak memory (the process plus its
largest child) of both, with the ratio; then a badge preview's time and a
check-in scan's server time.
"""

import argparse
import io
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw  # noqa: E402

# (country, romanized name, name in its own script)
NAMES = [
    ("FRA", "François Lefèvre-Dûmont", ""),
    ("ESP", "José María Núñez Peña", ""),
    ("POL", "Łukasz Wiśniewski", ""),
    ("CZE", "Jiří Dvořák", ""),
    ("TUR", "Ömer Çelik Şahin", ""),
    ("NOR", "Søren Åsgård Ødegaard", ""),
    ("RUS", "Vladimir Kolokoltsev", "Владимир Колокольцев"),
    ("UKR", "Oleksandr Shevchenko", "Олександр Шевченко"),
    ("GRC", "Georgios Papadopoulos", "Γεώργιος Παπαδόπουλος"),
    ("CHN", "Zhang Wei", "张伟"),
    ("CHN", "Meng Hongwei", "孟宏伟"),
    ("JPN", "Yamada Taro", "山田 太郎"),
    ("JPN", "Sato Hanako", "さとう はなこ"),
    ("KOR", "Kim Min-jun", "김민준"),
    ("SAU", "Mohammed Abdullah Al-Qahtani", "محمد عبد الله القحطاني"),
    ("EGY", "Ahmed Hassan", "أحمد حسن"),
    ("ISR", "David Cohen", "דוד כהן"),
    ("IND", "Rajesh Kumar Sharma", "राजेश कुमार शर्मा"),
    ("THA", "Somchai Jaidee", "สมชาย ใจดี"),
    ("KEN", "Wanjiru Kamau", ""),
    ("BRA", "João Gonçalves da Silva Araújo Figueiredo", ""),
    ("DEU", "Hans-Jürgen Groß", ""),
]
CATEGORIES = [
    "Delegate",
    "Delegate",
    "Delegate",
    "Head of Delegation",
    "Observer",
    "Guest",
    "Media",
]


def build(app, count: int) -> None:
    """Create the event and `count` approved participants with photos."""
    from sqlalchemy import select

    from assembly.core.db import utcnow
    from assembly.countries.models import Country, Delegation
    from assembly.countries.services import create_demo_event, seed_countries
    from assembly.extensions import db
    from assembly.registration.categories import ensure_default_categories
    from assembly.registration.models import Participant
    from assembly.registration.photos import save_photo

    db.create_all()
    seed_countries()
    event = create_demo_event()
    categories = {c.name: c for c in ensure_default_categories()}
    delegations = {
        d.country.iso3: d
        for d in db.session.scalars(
            select(Delegation).join(Country).where(Delegation.event_id == event.id)
        )
    }
    rng = random.Random(86)
    templates = []
    for _ in range(24):
        image = Image.new("RGB", (600, 800), (rng.randrange(120, 230),) * 3)
        draw = ImageDraw.Draw(image)
        draw.ellipse((150, 120, 450, 480), fill=(rng.randrange(150, 255), 170, 140))
        draw.rectangle((100, 500, 500, 800), fill=(rng.randrange(0, 90), 40, 90))
        for _ in range(300):  # texture, so the JPEG is photo-sized (tens of KB)
            x, y = rng.randrange(600), rng.randrange(800)
            draw.point((x, y), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=88)
        templates.append(out.getvalue())
    now = utcnow()
    people = []
    for n in range(count):
        iso3, name, native = NAMES[n % len(NAMES)]
        category = CATEGORIES[n % len(CATEGORIES)]
        observer = category == "Observer"
        given, _, family = name.partition(" ")
        people.append(
            Participant(
                event=event,
                delegation=None if observer else delegations[iso3],
                organization_name="United Nations Office on Drugs and Crime" if observer else "",
                category=categories[category],
                state="approved",
                given_name=given,
                family_name=f"{family} {n}",
                badge_name=f"{name} {n}",
                native_name=native,
                title="Mr" if n % 2 else "Ms",
                position="Director of International Cooperation",
                email=f"bench{n}@example.org",
                consent_at=now,
                submitted_at=now,
                approved_at=now,
            )
        )
    db.session.add_all(people)
    db.session.flush()
    for n, person in enumerate(people):
        # Stored as the registration stores an uploaded photo (with its badge-size copy).
        save_photo(person, templates[n % len(templates)])
    db.session.commit()


def measure(target, *args) -> dict:
    """Run `target(*args)` in a forked process; return its seconds and peak memory (MB)."""
    parent, child = multiprocessing.get_context("fork").Pipe()

    def run():
        def cpu() -> float:
            own = resource.getrusage(resource.RUSAGE_SELF)
            kids = resource.getrusage(resource.RUSAGE_CHILDREN)
            return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

        start, cpu_start = time.perf_counter(), cpu()
        extra = target(*args)
        seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        child.send(
            {
                "seconds": seconds,
                "cpu": cpu_seconds,
                "own_mb": own,
                "children_mb": kids,
                **(extra or {}),
            }
        )

    process = multiprocessing.get_context("fork").Process(target=run)
    process.start()
    child.close()
    try:
        result = parent.recv()
    except EOFError:
        raise SystemExit(f"{target.__name__} failed (see above)") from None
    process.join()
    return result


def print_run(app, out: Path) -> dict:
    """The print run, as the worker runs it."""
    from assembly.badges import printing, services
    from assembly.core.event import current_event
    from assembly.extensions import db

    with app.app_context():
        event = current_event()
        run = services.start_print_run(event, None, {}, "a4-sheet")
        db.session.commit()
        run = printing.execute(run.id, workers=2)
        assert run.state == "done", run.error
        shutil.copy(printing.run_file(run), out)
        return {"badges": run.printed, "pages": _pages(out)}


def plain_way(app, out: Path) -> dict:
    """The same template and data as one WeasyPrint document in one process."""
    from weasyprint import HTML

    from assembly.badges import engine, render, services
    from assembly.badges.items import badge_item, event_data
    from assembly.core.event import current_event
    from assembly.core.pdf import asset_roots

    with app.app_context():
        event = current_event()
        participants = services.select_participants(event)
        badges = services.ensure_badges(participants)
        items = [
            badge_item(p, badges[p.id], badges[p.id].version, "a4-sheet")[0] for p in participants
        ]
        html = render.document_html(items, "a4-sheet", event_data(event), photo_dir="photos")
        fetcher = engine.BadgeFetcher(asset_roots())  # the same QR codes, flags and backgrounds
        HTML(string=html, base_url="asset:/", url_fetcher=fetcher).write_pdf(out)
        return {"badges": len(items), "pages": _pages(out)}


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def preview_and_scan(app) -> dict:
    """Time a badge preview (PDF + PNG) and check-in scans through the test client."""
    from sqlalchemy import select

    from assembly.accounts.services import create_user
    from assembly.badges import engine, render, services
    from assembly.badges.models import Badge
    from assembly.badges.tokens import make_token
    from assembly.extensions import db

    with app.app_context():
        badge = db.session.scalars(select(Badge).order_by(Badge.id)).first()
        participant = badge.participant
        engine.pdf_to_png(render.render_badge_pdf(participant, badge))  # warm: fonts, templates
        previews = []
        for _ in range(10):
            start = time.perf_counter()
            engine.pdf_to_png(render.render_badge_pdf(participant, badge))
            previews.append((time.perf_counter() - start) * 1000)
        user, _ = create_user("bench-checkin@example.org", "checkin", None, "bench-password-1")
        badges = list(db.session.scalars(select(Badge).order_by(Badge.id).limit(60)))
        tokens = [make_token(b.id, b.version) for b in badges]
        db.session.commit()
        user_id = user.id
    scans = []
    from assembly.accounts.models import User
    from assembly.badges.checkin import scan
    from assembly.core.event import current_event

    for token in tokens:
        with app.test_request_context("/api/v1/checkin", method="POST"):
            user = db.session.get(User, user_id)
            event = current_event()
            start = time.perf_counter()
            verdict = scan(event, token, user)
            db.session.commit()
            scans.append((time.perf_counter() - start) * 1000)
            assert verdict["verdict"] == "ok", verdict
    _ = services
    return {
        "preview_ms": statistics.median(previews),
        "preview_max_ms": max(previews),
        "scan_ms": statistics.median(scans[10:]),
        "scan_max_ms": max(scans[10:]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the PDFs and print where")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-badges-"))
    from assembly import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "UPLOAD_DIR": str(folder / "uploads"),
            "SECRET_KEY": "bench-secret-key-long-enough",
            "SERVER_NAME": "bench.local",
            "HUEY_IMMEDIATE": True,
        }
    )
    with app.app_context():
        start = time.perf_counter()
        build(app, args.count)
        print(
            f"data: {args.count} approved participants with photos "
            f"in {time.perf_counter() - start:.1f} s"
        )
        from assembly.extensions import db

        db.engine.dispose()  # no connection shared with the forked processes
    plain = measure(plain_way, app, folder / "plain.pdf")
    fast = measure(print_run, app, folder / "run.pdf")
    # Again: backgrounds and flags drawn by the first run are reused.
    warm = measure(print_run, app, folder / "run2.pdf")
    other = measure(preview_and_scan, app)
    print(
        f"{'':12} {'badges':>7} {'pages':>6} {'seconds':>8} {'badges/s':>9} {'CPU s':>7} "
        f"{'peak MB':>8}"
    )
    rows = (("plain way", plain), ("print run", fast), ("run again", warm))
    for label, r in rows:
        peak = r["own_mb"] + r["children_mb"]
        print(
            f"{label:12} {r['badges']:>7} {r['pages']:>6} {r['seconds']:>8.2f} "
            f"{r['badges'] / r['seconds']:>9.1f} {r['cpu']:>7.1f} {peak:>8.0f}"
            f"   (process {r['own_mb']:.0f} MB + largest child {r['children_mb']:.0f} MB)"
        )
    print(
        f"speed-up: {plain['seconds'] / fast['seconds']:.2f}x "
        f"(run again, backgrounds and flags already drawn: "
        f"{plain['seconds'] / warm['seconds']:.2f}x)"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        "CPU s: processor time of the process and its workers; the wall time of the print "
        "run approaches CPU s / cores when the cores are free"
    )
    print(
        f"badge preview (PDF + PNG): median {other['preview_ms']:.0f} ms, "
        f"max {other['preview_max_ms']:.0f} ms"
    )
    print(
        f"check-in scan (server): median {other['scan_ms']:.1f} ms, "
        f"max {other['scan_max_ms']:.1f} ms"
    )
    if args.keep:
        print(f"files in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("ASSEMBLY_ENV", "development")
    main()
