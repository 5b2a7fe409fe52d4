"""Participant categories and registrations."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.event import listens_for
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.core.db import TimestampMixin, UTCDateTime
from assembly.core.event import Event
from assembly.core.text import search_text
from assembly.countries.models import Delegation
from assembly.extensions import db

SUBMITTED = "submitted"
CONFIRMED = "confirmed"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
REVOKED = "revoked"
STATES = (SUBMITTED, CONFIRMED, APPROVED, REJECTED, WITHDRAWN, REVOKED)
# States in which a registration still takes a seat in its delegation.
OPEN_STATES = (SUBMITTED, CONFIRMED, APPROVED)
LANGUAGES = ("en", "fr", "es", "ar")


class Category(db.Model):
    """A kind of participant (Head of Delegation, Delegate, Observer, ...) and its badge colour."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    color: Mapped[str] = mapped_column(String(7), default="#1f4e79")
    sort_order: Mapped[int] = mapped_column(default=0)
    # Heads of Delegation and Delegates count toward the delegation's quota.
    counts_toward_quota: Mapped[bool] = mapped_column(default=False)
    # The category of the one Head of Delegation per country.
    is_head: Mapped[bool] = mapped_column(default=False)
    # Observers and staff categories need no focal point's confirmation.
    needs_confirmation: Mapped[bool] = mapped_column(default=True)
    # Confirmed participants of this category per delegation; None: no limit.
    delegation_limit: Mapped[int | None]

    def __repr__(self) -> str:
        return f"<Category {self.name}>"


SEARCHED_NAMES = ("given_name", "family_name", "badge_name", "native_name")


def _search_default(context) -> str:
    # Any INSERT, the ORM's or a bulk one (imports, tests): made from the row's names.
    row = context.get_current_parameters()
    return search_text(*(row.get(name) for name in SEARCHED_NAMES))


class Participant(TimestampMixin, db.Model):
    """One person's registration to one event."""

    __tablename__ = "participant"
    __table_args__ = (
        # The same address twice for one event is the same person.
        UniqueConstraint("event_id", "email"),
        CheckConstraint(
            "state IN (" + ", ".join(f"'{s}'" for s in STATES) + ")", name="known_state"
        ),
        CheckConstraint(
            "delegation_id IS NOT NULL OR organization_name <> ''", name="country_or_organization"
        ),
        # One Head of Delegation per country (INTERPOL Constitution).
        Index(
            "uq_participant_one_head",
            "delegation_id",
            unique=True,
            sqlite_where=text("is_head"),
            postgresql_where=text("is_head"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # None for observers of an international organization.
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    organization_name: Mapped[str] = mapped_column(String(200), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default=SUBMITTED, index=True)
    is_head: Mapped[bool] = mapped_column(default=False)

    title: Mapped[str] = mapped_column(String(80), default="")
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    badge_name: Mapped[str] = mapped_column(String(120), default="")
    native_name: Mapped[str] = mapped_column(String(120), default="")
    nationality: Mapped[str] = mapped_column(String(3), default="")
    date_of_birth: Mapped[date | None]
    passport_number: Mapped[str] = mapped_column(String(40), default="")
    passport_expiry: Mapped[date | None]
    position: Mapped[str] = mapped_column(String(200), default="")
    organization: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str] = mapped_column(String(40), default="")
    arrival_date: Mapped[date | None]
    departure_date: Mapped[date | None]
    language: Mapped[str] = mapped_column(String(2), default="en")
    dietary: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    # Photo file name under UPLOAD_DIR/photos (re-encoded JPEG), if any.
    photo: Mapped[str | None] = mapped_column(String(100))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    list_consent: Mapped[bool] = mapped_column(default=False)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised to invalidate every private link sent so far.
    link_version: Mapped[int] = mapped_column(default=1)
    # Set when a badge field changes; the badges area reprints from it.
    badge_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The names folded for search (core.text.fold: no accents, lower case), kept
    # in step with them: searches compare it with LIKE, "ibanez" finding "Ibáñez".
    search_name: Mapped[str] = mapped_column(Text, default=_search_default, server_default="")

    event: Mapped[Event] = relationship()
    delegation: Mapped[Delegation | None] = relationship()
    category: Mapped[Category] = relationship()

    @property
    def printed_name(self) -> str:
        """Return the name as printed on the badge."""
        return self.badge_name or f"{self.given_name} {self.family_name}".strip()

    @property
    def full_name(self) -> str:
        """Return title, given and family names as in the passport."""
        return " ".join(p for p in (self.title, self.given_name, self.family_name) if p)

    def __repr__(self) -> str:
        return f"<Participant {self.id} {self.state}>"


@listens_for(Participant, "before_update")
def _fold_names(mapper, connection, participant: Participant) -> None:
    """Fold the names again when one of them changed (search_name follows them)."""
    attrs = inspect(participant).attrs
    if any(attrs[name].history.has_changes() for name in SEARCHED_NAMES):
        participant.search_name = search_text(
            *(getattr(participant, name) for name in SEARCHED_NAMES)
        )
