"""Capacity holds under concurrent sign-ups (PostgreSQL row locks, SQLite's write lock)."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from assembly.agenda import services
from assembly.agenda.models import SEATED, WAITING, Room, SignUp
from assembly.agenda.models import Session as AgendaSession
from assembly.extensions import db
from assembly.registration.models import Participant
from tests import factories
from tests.agenda.conftest import local


def test_sixty_concurrent_sign_ups_for_twenty_seats(pg_app, event, outbox):
    results, counts, session_id = _sign_up_in_threads(pg_app, event, threads=60, seats=20)
    assert results == ["ok"] * 60
    assert counts == {SEATED: 20, WAITING: 40}
    positions = db.session.scalars(select(SignUp.position).order_by(SignUp.position)).all()
    assert positions == list(range(1, 61))

    seated = db.session.scalars(select(SignUp).where(SignUp.status == SEATED)).first()
    first_waiting = db.session.scalars(
        select(SignUp).where(SignUp.status == WAITING).order_by(SignUp.position)
    ).first()
    promoted = services.withdraw(seated.participant, session_id)
    db.session.commit()
    assert promoted.id == first_waiting.id
    db.session.expire_all()
    assert db.session.get(SignUp, first_waiting.id).status == SEATED
    mails = outbox(first_waiting.participant.email)
    assert [m.kind for m in mails] == ["agenda_promoted"]


def _sign_up_in_threads(app, event, threads: int, seats: int):
    """Sign `threads` approved participants up for one session of `seats` at once.

    Return each sign-up's result ("ok" or the refusal), the sign-ups by status and
    the session's id.
    """
    room = Room(event_id=event.id, name="Jade Room", capacity=seats)
    session = AgendaSession(
        event_id=event.id,
        title="Popular workshop",
        starts_at=local(event, "2017-09-27 11:00"),
        ends_at=local(event, "2017-09-27 12:30"),
        room=room,
        state="published",
    )
    db.session.add(session)
    db.session.commit()
    ids = [
        factories.make_participant(event, "CHN", state="approved", commit=False).id
        for _ in range(threads)
    ]
    db.session.commit()
    session_id = session.id
    barrier = threading.Barrier(threads)

    def sign_up(participant_id):
        with app.test_request_context():
            barrier.wait(timeout=30)
            try:
                services.sign_up(db.session.get(Participant, participant_id), session_id)
                db.session.commit()
                return "ok"
            except services.SignUpRefused as exc:
                db.session.rollback()
                return exc.message
            finally:
                db.session.remove()

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(sign_up, ids))
    db.session.expire_all()
    counts = dict(
        db.session.execute(
            select(SignUp.status, func.count())
            .where(SignUp.session_id == session_id)
            .group_by(SignUp.status)
        ).all()
    )
    return results, counts, session_id


def test_concurrent_sign_ups_never_oversubscribe_on_either_database(app, event):
    # SQLite (the default database of `make run`) has no row locks: a sign-up takes
    # the database's write lock before it counts the seats.
    results, counts, _ = _sign_up_in_threads(app, event, threads=60, seats=40)
    busy = [r for r in results if r != "ok"]
    # A sign-up that waited too long for the lock is refused with "try again".
    assert all("try again" in r for r in busy), busy
    done = len(results) - len(busy)
    assert done > 0
    assert counts.get(SEATED, 0) == min(40, done)
    assert counts.get(WAITING, 0) == done - counts.get(SEATED, 0)
