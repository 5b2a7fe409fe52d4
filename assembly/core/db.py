"""Column types and mixins shared by every model, and the row lock every rule that
counts before it writes (seats, quotas, the last admin) takes."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, TypeDecorator, select, update
from sqlalchemy.orm import Mapped, mapped_column

from assembly.extensions import db


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, PostgreSQL does; this makes both behave the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store times in UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin:
    """`created_at` and `updated_at`, set by the database session."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def lock_rows(model, *conditions) -> list:
    """Lock the rows of `model` that match `conditions` until the transaction ends.

    Return their primary keys, in order. Call it before counting what the lock
    protects, and read the rows again afterwards: what was read before may be stale.

    PostgreSQL: SELECT ... FOR UPDATE, in key order, so that two transactions
    locking several rows never wait on each other in a circle. SQLite has no row
    locks, and pysqlite starts its transaction only at the first write, so a
    SELECT locks nothing: a no-op UPDATE takes the database's write lock first,
    and a concurrent writer waits for our commit, then reads what we wrote.
    Raises sqlalchemy's OperationalError when the lock is not granted in time
    (SQLite: "database is locked"); callers turn it into "try again".
    """
    table = model.__table__
    key = table.primary_key.columns[0]
    if db.session.get_bind().dialect.name == "sqlite":
        # Set every column that has an onupdate to itself, so that "updated_at" keeps.
        same = {c.name: c for c in table.c if c.primary_key or c.onupdate is not None}
        db.session.execute(update(table).where(*conditions).values(same))
        return list(db.session.scalars(select(key).where(*conditions).order_by(key)))
    stmt = select(key).where(*conditions).order_by(key).with_for_update()
    return list(db.session.scalars(stmt))
