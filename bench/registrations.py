"""Benchmark: 2,000 registrations through POST /api/v1/registrations from parallel clients.

Run alone: `.venv/bin/python bench/registrations.py` (SQLite file in a temporary
folder), or against PostgreSQL with
`ASSEMBLY_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/DB` (the
database's tables are dropped and made again). Starts gunicorn on a free
127.0.0.1 port with the rate limit set high, sends the registrations (plus some
repeated addresses, which must not make rows) from client threads, then prints
registrations per second, latency percentiles, errors and duplicates (both
must be 0; the exit status says so).

Options (environment): BENCH_REGISTRATIONS (2000), BENCH_REPEATS (200),
BENCH_CLIENTS (16), BENCH_WORKERS (2 gunicorn processes), BENCH_THREADS (4 each),
BENCH_PHOTO_EVERY (every 20th registration sends a photo; 0: none).
"""

import base64
import http.client
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N = int(os.environ.get("BENCH_REGISTRATIONS", 2000))
REPEATS = int(os.environ.get("BENCH_REPEATS", 200))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 16))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_THREADS", 4))
PHOTO_EVERY = int(os.environ.get("BENCH_PHOTO_EVERY", 20))


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(folder: Path, url: str) -> dict:
    """Return the server's environment: the database, folders and a high rate limit."""
    return {
        **os.environ,
        "ASSEMBLY_DATABASE_URL": url,
        "ASSEMBLY_INSTANCE_PATH": str(folder),
        "ASSEMBLY_UPLOAD_DIR": str(folder / "uploads"),
        "ASSEMBLY_OUTBOX_DIR": str(folder / "outbox"),
        "ASSEMBLY_REGISTER_RATE_LIMIT": "1000000 per minute",
        "ASSEMBLY_SECRET_KEY": "bench-secret-key-long-enough-0123456789",
        "ASSEMBLY_BASE_URL": "http://127.0.0.1",
    }


def prepare_database(env: dict) -> None:
    """Make the schema, the countries, the demo event and the categories."""
    os.environ.update(env)
    from assembly import create_app
    from assembly.countries.services import create_demo_event, seed_countries
    from assembly.extensions import db
    from assembly.registration.categories import ensure_default_categories

    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_countries()
        create_demo_event()
        ensure_default_categories()
        db.session.commit()
        db.engine.dispose()


def count_rows(env: dict) -> tuple[int, int]:
    """Return (registrations, addresses with more than one registration)."""
    from sqlalchemy import func, select

    from assembly import create_app
    from assembly.extensions import db
    from assembly.registration.models import Participant

    app = create_app()
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Participant))
        doubled = select(Participant.email).group_by(Participant.event_id, Participant.email)
        doubled = doubled.having(func.count() > 1).subquery()
        duplicates = db.session.scalar(select(func.count()).select_from(doubled))
        db.engine.dispose()
    return total, duplicates


def start_server(env: dict, port: int, folder: Path) -> subprocess.Popen:
    """Start gunicorn and wait until /healthz answers."""
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--worker-class",
            "gthread",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:app",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {folder / 'server.log'}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def photo() -> str:
    """Return a small portrait JPEG, base64."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 800), (120, 90, 60)).save(out, "JPEG")
    return base64.b64encode(out.getvalue()).decode()


def payloads() -> list[dict]:
    """Return N registrations and REPEATS repeats of some of their addresses, shuffled."""
    countries = ["FRA", "CHN", "BRA", "NGA", "IND", "DEU", "EGY", "JPN", "MEX", "KEN"]
    picture = photo() if PHOTO_EVERY else None
    bodies = []
    for i in range(N):
        body = {
            "country": countries[i % len(countries)],
            "category": "Delegate",
            "given_name": f"Given{i}",
            "family_name": f"Family{i}",
            "nationality": countries[i % len(countries)],
            "date_of_birth": "1970-01-01",
            "passport_number": f"P{i:08d}",
            "passport_expiry": "2030-01-01",
            "email": f"bench{i}@example.org",
            "phone": "+33472447000",
            "arrival_date": "2017-09-25",
            "departure_date": "2017-09-30",
            "language": "en",
            "consent": True,
        }
        if PHOTO_EVERY and i % PHOTO_EVERY == 0:
            body["photo"] = picture
        bodies.append(body)
    rng = random.Random(86)
    repeats = [dict(rng.choice(bodies), given_name="Again") for _ in range(REPEATS)]
    everything = bodies + repeats
    rng.shuffle(everything)
    return everything


def run(port: int, bodies: list[dict]) -> tuple[list[float], list[str], float]:
    """Send every body from CLIENTS threads; return latencies, errors and wall time."""
    local = threading.local()
    latencies, errors = [], []
    lock = threading.Lock()

    def send(body: dict) -> None:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        data = json.dumps(body)
        started = time.perf_counter()
        try:
            local.conn.request(
                "POST",
                "/api/v1/registrations",
                body=data,
                headers={"Content-Type": "application/json"},
            )
            response = local.conn.getresponse()
            payload = response.read()
            ok = response.status == 202
            problem = f"{response.status} {payload[:200]!r}"
        except (OSError, http.client.HTTPException) as exc:
            local.conn.close()
            del local.conn
            ok, problem = False, repr(exc)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if not ok:
                errors.append(problem)

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(send, bodies))
    return latencies, errors, time.perf_counter() - started


def main() -> int:
    """Run the benchmark and print its figures; exit 1 on errors or duplicates."""
    folder = Path(tempfile.mkdtemp(prefix="assembly-bench-"))
    url = os.environ.get("ASSEMBLY_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.db'}"
    env = environment(folder, url)
    prepare_database(env)
    port = free_port()
    server = start_server(env, port, folder)
    try:
        bodies = payloads()
        latencies, errors, wall = run(port, bodies)
    finally:
        server.terminate()
        server.wait(30)
    rows, duplicates = count_rows(env)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    database = url.split(":", 1)[0]
    print(f"database            {database}  (gunicorn {WORKERS} workers x {THREADS} threads)")
    print(f"requests            {len(bodies)} ({N} registrations + {REPEATS} repeated addresses)")
    print(f"clients             {CLIENTS} threads; photos on every {PHOTO_EVERY or '-'}th")
    print(f"wall time           {wall:.1f} s")
    print(f"registrations/s     {N / wall:.1f}  (requests/s {len(bodies) / wall:.1f})")
    print(f"latency             median {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")  # fmt: skip
    print(f"errors              {len(errors)}")
    for problem in errors[:5]:
        print(f"  {problem}")
    print(f"rows                {rows} (expected {N})")
    print(f"duplicates          {duplicates}")
    return 0 if not errors and not duplicates and rows == N else 1


if __name__ == "__main__":
    sys.exit(main())
