"""The event: one General Assembly, the frame every other record hangs from."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, CheckConstraint, String, select
from sqlalchemy.orm import Mapped, mapped_column

from assembly.core.db import TimestampMixin, UTCDateTime, utcnow
from assembly.extensions import db


class Event(TimestampMixin, db.Model):
    """A General Assembly session (the 86th, Beijing 2017, ...)."""

    __tablename__ = "event"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    country_iso3: Mapped[str] = mapped_column(String(3), default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date]
    end_date: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    registration_opens: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None: open until an organizer closes it.
    registration_closes: Mapped[datetime | None] = mapped_column(UTCDateTime)
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en", "fr", "es", "ar"])
    # The event the site shows; exactly one at a time is expected.
    is_current: Mapped[bool] = mapped_column(default=True)

    @property
    def tz(self) -> ZoneInfo:
        """Return the event's time zone."""
        return ZoneInfo(self.timezone)

    def registration_state(self, now: datetime | None = None) -> str:
        """Return "not_open", "open" or "closed" at `now` (default: now)."""
        now = now or utcnow()
        if self.registration_opens and now < self.registration_opens:
            return "not_open"
        if self.registration_closes and now >= self.registration_closes:
            return "closed"
        return "open"

    def to_local(self, moment: datetime) -> datetime:
        """Return a UTC moment in the event's time zone."""
        return moment.astimezone(self.tz)


def current_event() -> Event | None:
    """Return the event the site is running (the current one with the highest number)."""
    return db.session.scalars(
        select(Event).order_by(Event.is_current.desc(), Event.number.desc()).limit(1)
    ).first()
