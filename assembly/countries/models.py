"""Member countries and their delegations to an event."""

from babel import Locale, UnknownLocaleError
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.core.db import TimestampMixin
from assembly.core.event import Event
from assembly.extensions import db

REGIONS = (
    "Africa",
    "Americas",
    "Asia and South Pacific",
    "Europe",
    "Middle East and North Africa",
)
DEFAULT_QUOTA = 10


class Country(TimestampMixin, db.Model):
    """A country or territory, member of INTERPOL or not."""

    __tablename__ = "country"
    __table_args__ = (
        CheckConstraint(
            "region IN (" + ", ".join(f"'{r}'" for r in REGIONS) + ")", name="known_region"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    iso2: Mapped[str] = mapped_column(String(2), unique=True)
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(40), index=True)
    member: Mapped[bool] = mapped_column(default=True, index=True)
    joined: Mapped[int | None]
    ncb_name: Mapped[str] = mapped_column(String(120), default="")

    delegations: Mapped[list["Delegation"]] = relationship(back_populates="country")

    def localized_name(self, locale: str = "en") -> str:
        """Return the country's name in `locale`, from CLDR via Babel."""
        try:
            return Locale.parse(locale).territories.get(self.iso2, self.name)
        except (UnknownLocaleError, ValueError):
            return self.name

    @property
    def ncb(self) -> str:
        """Return the National Central Bureau's name, or a generic one."""
        return self.ncb_name or f"INTERPOL National Central Bureau, {self.name}"

    def __repr__(self) -> str:
        return f"<Country {self.iso3}>"


class Delegation(TimestampMixin, db.Model):
    """One member country's delegation to one event."""

    __tablename__ = "delegation"
    __table_args__ = (
        UniqueConstraint("event_id", "country_id"),
        CheckConstraint("quota >= 0", name="quota_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("country.id"), index=True)
    # Confirmed Heads of Delegation and Delegates at most; other categories
    # have their own limits (Category.delegation_limit).
    quota: Mapped[int] = mapped_column(default=DEFAULT_QUOTA)
    # The official nomination letter, uploaded by the focal point (PDF).
    credentials_file: Mapped[str | None] = mapped_column(String(200))

    event: Mapped[Event] = relationship()
    country: Mapped[Country] = relationship(back_populates="delegations")

    def __repr__(self) -> str:
        return f"<Delegation {self.event_id}:{self.country_id}>"
