"""Models of the agenda area: themes, rooms, sessions, people on stage, sign-ups, versions."""

from datetime import datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.core.db import TimestampMixin, UTCDateTime, utcnow
from assembly.core.event import Event
from assembly.extensions import db
from assembly.registration.models import Category, Participant

PLENARY, WORKSHOP, REGIONAL, SIDE_EVENT, CLOSED = (
    "plenary",
    "workshop",
    "regional",
    "side_event",
    "closed",
)
SESSION_TYPES = (PLENARY, WORKSHOP, REGIONAL, SIDE_EVENT, CLOSED)
EVERYONE, DELEGATES, CATEGORIES = "everyone", "delegates", "categories"
AUDIENCES = (EVERYONE, DELEGATES, CATEGORIES)
DRAFT, PUBLISHED, CANCELLED = "draft", "published", "cancelled"
SESSION_STATES = (DRAFT, PUBLISHED, CANCELLED)
CHAIR, SPEAKER = "chair", "speaker"
SEATED, WAITING = "seated", "waiting"
# Interpretation languages offered in the rooms (INTERPOL's four plus the host's).
INTERPRETATION_LANGUAGES = ("en", "fr", "es", "ar", "zh")
ADDED, MOVED, CANCELLED_CHANGE = "added", "moved", "cancelled"


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


session_theme = Table(
    "agenda_session_theme",
    db.metadata,
    Column("session_id", ForeignKey("agenda_session.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("agenda_theme.id", ondelete="CASCADE"), primary_key=True),
)

session_category = Table(
    "agenda_session_category",
    db.metadata,
    Column("session_id", ForeignKey("agenda_session.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(db.Model):
    """A crime theme sessions are filed under, with its colour."""

    __tablename__ = "agenda_theme"
    __table_args__ = (
        UniqueConstraint("event_id", "slug"),
        CheckConstraint("color LIKE '#%'", name="color_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(80))
    color: Mapped[str] = mapped_column(String(7), default="#1f4e79")
    sort_order: Mapped[int] = mapped_column(default=0)


class Room(db.Model):
    """A room of the venue; sessions default to its capacity."""

    __tablename__ = "agenda_room"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("closes_at > opens_at", name="hours_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int]
    floor: Mapped[str] = mapped_column(String(40), default="")
    # Opening hours, in the event's time zone, the same every day.
    opens_at: Mapped[time] = mapped_column(default=time(8, 0))
    closes_at: Mapped[time] = mapped_column(default=time(20, 0))
    sort_order: Mapped[int] = mapped_column(default=0)


class Person(db.Model):
    """Someone on stage (chair or speaker); optionally a registered participant."""

    __tablename__ = "agenda_person"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    # Country or organization, as printed in the programme.
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )

    participant: Mapped[Participant | None] = relationship()


class SessionPerson(db.Model):
    """A person's role (chair or speaker) in one session, in programme order."""

    __tablename__ = "agenda_session_person"
    __table_args__ = (CheckConstraint(_in("role", (CHAIR, SPEAKER)), name="known_role"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_session.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped["Session"] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()


class Session(TimestampMixin, db.Model):
    """A session of the agenda."""

    __tablename__ = "agenda_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(_in("type", SESSION_TYPES), name="known_type"),
        CheckConstraint(_in("audience", AUDIENCES), name="known_audience"),
        CheckConstraint(_in("state", SESSION_STATES), name="known_state"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        Index("ix_agenda_session_event_start", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(20), default=WORKSHOP)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_room.id", ondelete="SET NULL"), index=True
    )
    # None: the room's capacity.
    capacity: Mapped[int | None]
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[str] = mapped_column(String(12), default=EVERYONE)
    state: Mapped[str] = mapped_column(String(10), default=DRAFT, index=True)
    # iCal SEQUENCE: raised on every change of a session already published.
    sequence: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=session_theme, order_by=Theme.sort_order)
    categories: Mapped[list[Category]] = relationship(secondary=session_category)
    people: Mapped[list[SessionPerson]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by=(SessionPerson.role, SessionPerson.position),
    )

    @property
    def effective_capacity(self) -> int | None:
        """Return the seats of the session: its own capacity, else its room's (None: no limit)."""
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room is not None else None

    def people_in(self, role: str) -> list[Person]:
        """Return the chairs or the speakers, in programme order."""
        return [sp.person for sp in self.people if sp.role == role]


class SignUp(TimestampMixin, db.Model):
    """A participant's seat in a session, or place on its waiting list."""

    __tablename__ = "agenda_signup"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),
        CheckConstraint(_in("status", (SEATED, WAITING)), name="known_status"),
        Index("ix_agenda_signup_session_status", "session_id", "status", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_session.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(8))
    # Order of arrival in the session; the waiting list is served in this order.
    position: Mapped[int]

    session: Mapped[Session] = relationship()
    participant: Mapped[Participant] = relationship()


class AgendaVersion(db.Model):
    """A numbered publication of the agenda and the snapshot the next one is compared with."""

    __tablename__ = "agenda_version"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[str] = mapped_column(String(320), default="")
    # Set when an admin published in spite of conflicts.
    override_reason: Mapped[str] = mapped_column(Text, default="")
    # {session id: {title, starts_at, ends_at, room, state}} of the public sessions.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)

    changes: Mapped[list["AgendaChange"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="AgendaChange.id"
    )


class AgendaChange(db.Model):
    """One entry of a version's public changelog."""

    __tablename__ = "agenda_change"
    __table_args__ = (
        CheckConstraint(_in("kind", (ADDED, MOVED, CANCELLED_CHANGE)), name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_version.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_session.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[AgendaVersion] = relationship(back_populates="changes")
