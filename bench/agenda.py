"""Benchmark of the public agenda: /agenda and /agenda.ics for the demo agenda.

Seeds the demo agenda into a fresh SQLite database (or the empty database
named by ASSEMBLY_BENCH_DATABASE_URL), serves the app with gunicorn on a free
127.0.0.1 port, sends a bounded number of requests from parallel clients and
prints requests per second and latency percentiles for each URL.

    .venv/bin/python bench/agenda.py [--requests 300] [--clients 8] [--workers 2]
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URLS = ["/agenda", "/agenda?day=2017-09-28", "/agenda.ics"]


def free_port() -> int:
    """Return a TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(env: dict) -> str:
    """Create the schema and the demo agenda; return a line describing it."""
    from assembly import create_app
    from assembly.agenda import demo as agenda_demo
    from assembly.countries.services import create_demo_event, seed_countries
    from assembly.extensions import db
    from assembly.registration.categories import ensure_default_categories

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": env["ASSEMBLY_DATABASE_URL"],
            "SECRET_KEY": env["ASSEMBLY_SECRET_KEY"],
            "SERVER_NAME": "127.0.0.1",
        }
    )
    with app.test_request_context():
        db.create_all()
        seed_countries()
        event = create_demo_event()
        ensure_default_categories()
        lines = agenda_demo.seed(event)
        db.session.commit()
        db.engine.dispose()
    return lines[0]


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 30) -> None:
    """Wait for the server's health check to answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited before answering")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer in time")


def fetch(url: str) -> float:
    """GET a URL, check it answered 200 with a body; return the seconds it took."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310  (our own http URL)
        body = r.read()
        if r.status != 200 or not body:
            raise RuntimeError(f"{url}: {r.status}")
    return time.perf_counter() - start


def measure(base: str, path: str, requests: int, clients: int) -> dict:
    """Send `requests` GETs of `path` from `clients` threads; return the figures."""
    for _ in range(3):  # warm up caches and connections
        fetch(base + path)
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        timings = list(pool.map(lambda _: fetch(base + path), range(requests)))
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "path": path,
        "rps": requests / elapsed,
        "p50": statistics.median(timings) * 1000,
        "p95": timings[int(len(timings) * 0.95) - 1] * 1000,
        "max": timings[-1] * 1000,
    }


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per URL")
    parser.add_argument("--clients", type=int, default=8, help="parallel clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="assembly-bench-")
    env = dict(os.environ)
    env.update(
        {
            "ASSEMBLY_DATABASE_URL": os.environ.get("ASSEMBLY_BENCH_DATABASE_URL")
            or f"sqlite:///{folder}/bench.db",
            "ASSEMBLY_INSTANCE_PATH": folder,
            "ASSEMBLY_SECRET_KEY": "bench-secret-key-long-enough-for-tests",
            "ASSEMBLY_HUEY_IMMEDIATE": "1",
        }
    )
    os.environ.update(env)
    print(seed(env))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers", str(args.workers),
            "--threads", str(args.threads),
            "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(base, server)
        print(
            f"{args.requests} requests per URL, {args.clients} clients, gunicorn "
            f"{args.workers} workers x {args.threads} threads, {env['ASSEMBLY_DATABASE_URL']}"
        )
        print(f"{'URL':<26}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for path in URLS:
            r = measure(base, path, args.requests, args.clients)
            print(
                f"{r['path']:<26}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['max']:>9.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
