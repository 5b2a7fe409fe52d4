"""The demo agenda: four days, about 60 sessions, conflicts only in drafts, version 1."""

from sqlalchemy import func, select

from assembly.agenda import demo
from assembly.agenda.conflicts import KINDS, open_conflicts
from assembly.agenda.models import AgendaVersion, Room, Theme
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db


def test_demo_seed_is_complete_and_idempotent(event):
    lines = demo.seed(event)
    db.session.commit()
    assert "sessions" in lines[0]
    sessions = db.session.scalars(select(AgendaSession)).all()
    assert 55 <= len(sessions) <= 70
    assert db.session.scalar(select(func.count()).select_from(Theme)) == 10
    assert db.session.scalar(select(func.count()).select_from(Room)) == 6
    titles = {s.title for s in sessions}
    assert any("Opening ceremony" in t for t in titles)
    assert {f"Regional meeting: {r}" for r in demo.REGIONS} <= titles
    days = {event.to_local(s.starts_at).date() for s in sessions if s.state == "published"}
    assert days == {event.start_date.replace(day=d) for d in (26, 27, 28, 29)}
    conflicts = open_conflicts(event)
    assert {c["kind"] for c in conflicts} == set(KINDS)
    drafts = {s.id for s in sessions if s.state == "draft"}
    assert all(set(c["session_ids"]) & drafts for c in conflicts)
    assert db.session.scalars(select(AgendaVersion)).one().number == 1
    assert demo.seed(event) == ["agenda: already seeded"]
    assert db.session.scalar(select(func.count()).select_from(AgendaSession)) == len(sessions)


def test_demo_signs_up_approved_participants(event):
    from assembly.agenda.models import SignUp
    from tests import factories

    for _ in range(3):
        factories.make_participant(event, "CHN", state="approved")
    factories.make_participant(event, "CHN", state="submitted")
    assert "3 demo sign-ups" in demo.seed(event)[0]
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SignUp)) == 3
