"""`flask assembly purge-personal-data --event N`: a past event's passport data, dates of
birth and photos are erased and counted, with every file that shows a photo (badge-size
copies, badge previews, print-run PDFs); a current or future event is refused."""

from datetime import date
from pathlib import Path

from sqlalchemy import select

from assembly.badges.models import PrintRun
from assembly.badges.printing import PREVIEW_DIR, RUN_DIR
from assembly.core.audit import AuditLog
from assembly.core.event import Event
from assembly.extensions import db
from assembly.registration.models import Participant
from assembly.registration.photos import BADGE_COPY_DIR
from tests import factories


def _with_photo(app, participant) -> list[Path]:
    """Store a photo file and its badge-size copy for `participant`; return both paths."""
    name = f"{participant.id}-test.jpg"
    paths = [
        Path(app.config["UPLOAD_DIR"]) / folder / name for folder in ("photos", BADGE_COPY_DIR)
    ]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\xff\xd8\xff jpeg")
    participant.photo = name
    db.session.commit()
    return paths


def test_past_event_is_purged_and_counted(app, runner, event):
    a = factories.make_participant(event, "CHN", state="approved")
    b = factories.make_participant(event, "ESP", state="rejected")
    empty = factories.make_participant(
        event, "KEN", passport_number="", passport_expiry=None, date_of_birth=None
    )
    photo, badge_copy = _with_photo(app, a)
    upload = Path(app.config["UPLOAD_DIR"])
    run = PrintRun(event=event, format="a6", participant_ids=[a.id], total=1, file="run-1.pdf")
    db.session.add(run)
    db.session.commit()
    badge_files = [upload / RUN_DIR / "run-1.pdf", upload / PREVIEW_DIR / f"{a.id}-0123.png"]
    for path in badge_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"photo inside")
    result = runner.invoke(args=["assembly", "purge-personal-data", "--event", "86"])
    assert result.exit_code == 0, result.output
    assert (
        "personal data erased for 2 participants (1 photos and 2 badge files deleted)"
        in result.output
    )
    assert not any(path.exists() for path in badge_files)
    assert db.session.get(PrintRun, run.id).file is None
    db.session.expire_all()
    for pid in (a.id, b.id, empty.id):
        p = db.session.get(Participant, pid)
        assert p.passport_number == "" and p.passport_expiry is None
        assert p.date_of_birth is None and p.photo is None
        assert p.given_name  # the rest of the registration stays
    assert not photo.exists() and not badge_copy.exists()
    entry = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "event.personal_data_purged")
    ).one()
    assert entry.after["participants"] == 2


def test_current_or_future_event_is_refused(app, runner):
    future = Event(
        number=95,
        name="95th INTERPOL General Assembly",
        city="Lyon",
        start_date=date(2099, 10, 1),
        end_date=date(2099, 10, 4),
    )
    db.session.add(future)
    db.session.commit()
    p = factories.make_participant(factories.make_event(), "CHN")
    p.event = future
    p.delegation = None
    p.organization_name = "Europol"
    db.session.commit()
    result = runner.invoke(args=["assembly", "purge-personal-data", "--event", "95"])
    assert result.exit_code != 0
    assert "only a past event's personal data can be purged" in result.output
    assert len(result.output.strip().splitlines()) == 1
    db.session.expire_all()
    assert db.session.get(Participant, p.id).passport_number


def test_unknown_event_is_one_clear_line(runner, app):
    result = runner.invoke(args=["assembly", "purge-personal-data", "--event", "12"])
    assert result.exit_code != 0 and "no event number 12" in result.output
