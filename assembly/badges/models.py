"""Models of the badges area: badges, print runs and check-ins at the door."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.accounts.models import User
from assembly.core.db import TimestampMixin, UTCDateTime, utcnow
from assembly.core.event import Event
from assembly.extensions import db
from assembly.registration.models import Participant

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
RUN_STATES = (QUEUED, RUNNING, DONE, FAILED)

FORMAT_A6 = "a6"
FORMAT_CARD = "card"
FORMAT_SHEET = "a4-sheet"
FORMATS = (FORMAT_A6, FORMAT_CARD, FORMAT_SHEET)


class PrintRun(TimestampMixin, db.Model):
    """One PDF of badges, rendered in the background from a frozen selection."""

    __tablename__ = "print_run"
    __table_args__ = (
        CheckConstraint(
            "state IN (" + ", ".join(f"'{s}'" for s in RUN_STATES) + ")", name="known_state"
        ),
        CheckConstraint(
            "format IN (" + ", ".join(f"'{f}'" for f in FORMATS) + ")", name="known_format"
        ),
        CheckConstraint("progress >= 0 AND progress <= total", name="progress_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The filters chosen (country, category, never_printed, changed), for the list of runs.
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    format: Mapped[str] = mapped_column(String(10), default=FORMAT_SHEET)
    back_side: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(10), default=QUEUED, index=True)
    # The participants chosen when the run was started, in print order: a retry
    # prints the same stack.
    participant_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    total: Mapped[int] = mapped_column(default=0)
    progress: Mapped[int] = mapped_column(default=0)
    printed: Mapped[int] = mapped_column(default=0)
    # Names no installed font can draw: [{"participant_id", "name", "field", "characters"}].
    report: Mapped[list[dict]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")
    # PDF file name under UPLOAD_DIR/print-runs, set once the file exists.
    file: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PrintRun {self.id} {self.state}>"


class Badge(TimestampMixin, db.Model):
    """The badge of one participant: its QR version, when printed and collected."""

    __tablename__ = "badge"
    __table_args__ = (CheckConstraint("version >= 1", name="version_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), unique=True
    )
    # Raised on every reprint: QR codes of older versions are refused at the door.
    version: Mapped[int] = mapped_column(default=1)
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    print_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("print_run.id", ondelete="SET NULL"), index=True
    )
    collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    collected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship()
    print_run: Mapped[PrintRun | None] = relationship()
    collected_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Badge {self.id} v{self.version}>"


class CheckIn(db.Model):
    """One entry of a participant on one day (in the event's zone), at the door or a room."""

    __tablename__ = "check_in"
    # One entry a day per door: a second scan answers "already entered".
    __table_args__ = (UniqueConstraint("participant_id", "day", "room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    badge_version: Mapped[int] = mapped_column(default=1)
    # The local date of the scan; set-up days outside the event's dates count too.
    day: Mapped[date] = mapped_column(index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "" for the main entrance; else the session room's name.
    room: Mapped[str] = mapped_column(String(100), default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship()
    by: Mapped[User | None] = relationship()
