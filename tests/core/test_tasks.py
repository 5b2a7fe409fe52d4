"""The task queue: SQLite storage by default, Redis when ASSEMBLY_REDIS_URL is set."""

import os

import pytest
import redis
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from assembly import create_app
from assembly.core.mail import deliver_outbox
from assembly.extensions import huey

REDIS_URL = os.environ.get("ASSEMBLY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_tests_run_tasks_immediately_in_memory(app):
    assert huey.immediate and isinstance(huey.storage, MemoryStorage)


def test_default_storage_is_a_sqlite_file_in_instance(app_config, tmp_path):
    app_config.update(HUEY_IMMEDIATE=False, HUEY_SQLITE_PATH=str(tmp_path / "huey.db"))
    create_app(app_config)
    try:
        assert isinstance(huey.storage, SqliteStorage)
        deliver_outbox()  # enqueued, not run
        assert huey.pending_count() == 1
        assert (tmp_path / "huey.db").exists()
    finally:
        huey.storage.flush_queue()


def test_redis_url_moves_the_queue_to_redis(app_config):
    """Needs the machine's Redis: fails (never skips) when it is not running."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    app_config.update(HUEY_IMMEDIATE=False, REDIS_URL=REDIS_URL)
    create_app(app_config)
    try:
        assert isinstance(huey.storage, RedisStorage)
        huey.storage.flush_queue()
        deliver_outbox()
        assert huey.pending_count() == 1
    finally:
        huey.storage.flush_queue()
