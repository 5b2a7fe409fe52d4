"""Benchmark of the dashboard pages with 20,000 participants.

Loads 20,000 participants (bulk inserts) into a fresh SQLite file and, when
ASSEMBLY_BENCH_DATABASE_URL is set, into that PostgreSQL database (its tables are
dropped and made again: give it a database of its own), then prints each page's
server time (median of a few requests, through the test client, so no network).

    .venv/bin/python bench/dashboard.py [--participants 20000] [--repeat 5]
    ASSEMBLY_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test_dash \
        .venv/bin/python bench/dashboard.py

Target: every page under 150 ms on SQLite and on PostgreSQL. The check uses the
best of the repeats (the server's own time; a shared machine's other work only
adds to it); the median is printed beside it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from assembly import create_app  # noqa: E402
from assembly.extensions import db  # noqa: E402

TARGET_MS = 150
PAGES = [
    ("overview", "/admin"),
    ("countries", "/admin/countries"),
    ("countries sorted by total", "/admin/countries?sort=total&dir=desc"),
    ("country detail (CHN)", "/admin/countries/CHN"),
    ("registrations", "/admin/registrations"),
    ("registrations page 200", "/admin/registrations?page=200"),
    ("registrations search", "/admin/registrations?q=Given1234"),
    ("registrations filtered", "/admin/registrations?state=approved&region=Europe&sort=name"),
    ("registrations not printed", "/admin/registrations?printed=no&checked_in=no"),
]
# Measured and printed, outside the target: a download of every row.
EXPORTS = [
    ("export CSV (all rows)", "/admin/registrations/export.csv"),
    ("export XLSX (all rows)", "/admin/registrations/export.xlsx"),
]
STATES = ["submitted", "confirmed", "approved", "approved", "approved", "rejected"]
PASSWORD = "bench password 123"  # noqa: S105 (a throwaway database)


def load(participants: int) -> None:
    """Make the schema, the demo event, categories, staff and `participants` registrations."""
    from assembly.accounts.services import create_user
    from assembly.countries.models import Country, Delegation
    from assembly.countries.services import create_demo_event, seed_countries
    from assembly.registration.categories import ensure_default_categories
    from assembly.registration.models import Participant

    db.drop_all()
    db.create_all()
    seed_countries()
    event = create_demo_event()
    categories = ensure_default_categories()
    create_user("bench-admin@example.org", "admin", password=PASSWORD)
    for iso3 in ("FRA", "DEU", "CHN", "BRA", "KEN"):
        create_user(f"fp-{iso3.lower()}@example.org", "focal_point", iso3, password=PASSWORD)
    db.session.commit()
    delegations = db.session.execute(
        select(Delegation.id, Country.iso3)
        .join(Country)
        .where(Delegation.event_id == event.id)
        .order_by(Country.iso3)
    ).all()
    # Leave a tenth of the countries without anyone, for the outreach list.
    delegations = delegations[: int(len(delegations) * 0.9)]
    usable = [c for c in categories if not c.is_head]
    opened = datetime(2017, 5, 2, tzinfo=UTC)
    batch = []
    for i in range(participants):
        delegation_id, iso3 = delegations[i % len(delegations)]
        at = opened + timedelta(minutes=7 * i)
        batch.append(
            {
                "event_id": event.id,
                "delegation_id": delegation_id,
                "organization_name": "",
                "category_id": usable[i % len(usable)].id,
                "state": STATES[i % len(STATES)],
                "is_head": False,
                "given_name": f"Given{i}",
                "family_name": f"Family{i}",
                "native_name": "张伟" if i % 10 == 0 else "",
                "email": f"p{i}@example.org",
                "nationality": iso3,
                "date_of_birth": date(1970, 1, 1),
                "passport_number": f"X{i:08d}",
                "position": "Inspector",
                "language": "en",
                "submitted_at": at,
                "created_at": at,
                "updated_at": at,
            }
        )
        if len(batch) == 5000:
            db.session.execute(insert(Participant), batch)
            batch = []
    if batch:
        db.session.execute(insert(Participant), batch)
    db.session.commit()


def measure(app, repeat: int, pages=PAGES) -> list[tuple[str, float, float, int]]:
    """Return (page, best ms, median ms, status) for every page, signed in as an admin."""
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "bench-admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302, "bench login failed"
    results = []
    for name, url in pages:
        client.get(url)  # warm caches (templates, statements)
        times = []
        status = 0
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            status = response.status_code
        results.append((name, min(times), statistics.median(times), status))
    return results


def run(label: str, url: str, participants: int, repeat: int, folder: str) -> bool:
    """Load and measure one database; print the figures; return whether all met the target."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-secret-key-long-enough",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "bench.local",
            "UPLOAD_DIR": os.path.join(folder, "uploads"),
            "OUTBOX_DIR": os.path.join(folder, "outbox"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        start = time.perf_counter()
        load(participants)
        loaded = time.perf_counter() - start
        db.session.remove()
    print(f"\n{label}: {participants} participants loaded in {loaded:.1f} s")
    ok = True
    print(f"  {'page':<28} {'best':>8}    {'median':>8}")
    for name, best, median, status in measure(app, repeat):
        flag = "ok" if best < TARGET_MS and status == 200 else "SLOW" if status == 200 else status
        ok = ok and flag == "ok"
        print(f"  {name:<28} {best:8.1f} ms {median:8.1f} ms  {flag}")
    for name, best, _median, status in measure(app, 1, EXPORTS):
        print(f"  {name:<28} {best:8.1f} ms  (no target; status {status})")
    with app.app_context():
        db.engine.dispose()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="assembly-bench-") as folder:
        sqlite_url = f"sqlite:///{os.path.join(folder, 'bench.db')}"
        ok &= run("SQLite", sqlite_url, args.participants, args.repeat, folder)
        pg_url = os.environ.get("ASSEMBLY_BENCH_DATABASE_URL")
        if pg_url:
            ok &= run("PostgreSQL", pg_url, args.participants, args.repeat, folder)
        else:
            print("\nPostgreSQL: skipped (set ASSEMBLY_BENCH_DATABASE_URL to measure it)")
    print(f"\ntarget: under {TARGET_MS} ms per page: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
