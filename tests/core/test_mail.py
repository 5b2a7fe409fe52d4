"""The mail outbox: queued with the transaction, delivered after commit, as .eml by default."""

from pathlib import Path

from sqlalchemy import insert, select

from assembly.core.mail import SENT, Outbox, queue_mail
from assembly.extensions import db


def test_mail_is_delivered_after_commit_as_eml(app):
    queue_mail(
        "someone@example.org",
        "Hello",
        "password_reset",
        user=type("U", (), {"email": "someone@example.org"})(),
        link="http://x/reset",
    )
    outbox_dir = Path(app.config["OUTBOX_DIR"])
    assert not outbox_dir.exists() or not list(outbox_dir.iterdir())
    db.session.commit()
    mail = db.session.scalars(select(Outbox)).one()
    assert mail.status == SENT
    eml = (outbox_dir / f"{mail.id:08d}.eml").read_text()
    assert "To: someone@example.org" in eml and "http://x/reset" in eml


def test_rolled_back_mail_is_never_sent(app):
    queue_mail(
        "someone@example.org",
        "Hello",
        "password_reset",
        user=type("U", (), {"email": "someone@example.org"})(),
        link="http://x",
    )
    db.session.rollback()
    db.session.commit()
    assert db.session.scalars(select(Outbox)).all() == []
    assert not Path(app.config["OUTBOX_DIR"]).exists()


def _queue(to: str = "someone@example.org"):
    return queue_mail(
        to,
        "Hello",
        "password_reset",
        user=type("U", (), {"email": to})(),
        link="http://x/reset",
    )


def test_concurrent_workers_send_each_mail_once(app, monkeypatch):
    # SQLite has no SKIP LOCKED: each mail is claimed by a conditional UPDATE.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from assembly.core import mail as mail_module

    sends = []
    lock = threading.Lock()

    def fake_send(msg, url, folder, mail_id):
        with lock:
            sends.append(mail_id)

    monkeypatch.setattr(mail_module, "_send", fake_send)
    # Inserted without the ORM: no delivery starts on commit; the workers below do it.
    db.session.execute(
        insert(Outbox),
        [{"to": f"p{n}@example.org", "subject": "s", "body_text": "b"} for n in range(20)],
    )
    db.session.commit()
    barrier = threading.Barrier(4)

    def worker(_):
        with app.app_context():
            barrier.wait(timeout=30)
            return mail_module.deliver_outbox.call_local()

    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(worker, range(4)))
    assert sum(counts) == 20
    assert sorted(sends) == sorted(set(sends)) and len(sends) == 20
    statuses = db.session.scalars(select(Outbox.status)).all()
    assert statuses == [SENT] * 20


def test_a_claim_left_by_a_dead_worker_is_released(app):
    from datetime import timedelta

    from assembly.core.db import utcnow
    from assembly.core.mail import CLAIM_TIMEOUT, SENDING, deliver_outbox

    long_ago = utcnow() - CLAIM_TIMEOUT - timedelta(minutes=1)
    db.session.execute(
        insert(Outbox),
        [
            {
                "to": "a@example.org",
                "subject": "s",
                "body_text": "b",
                "status": SENDING,
                "claimed_at": long_ago,
            },
            {
                "to": "b@example.org",
                "subject": "s",
                "body_text": "b",
                "status": SENDING,
                "claimed_at": utcnow(),
            },
        ],
    )
    db.session.commit()
    assert deliver_outbox.call_local() == 1
    status = dict(db.session.execute(select(Outbox.to, Outbox.status)).all())
    assert status["a@example.org"] == SENT  # its worker died: sent now
    assert status["b@example.org"] == SENDING  # another worker's, still in flight
