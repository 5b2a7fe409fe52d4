"""The mail outbox: queued with the transaction, delivered after commit, as .eml by default."""

from pathlib import Path

from sqlalchemy import select

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
