"""The mail outbox: mail is queued in the same transaction as what caused it,
and delivered by the background worker only after that transaction commits.

Delivery goes over SMTP when `ASSEMBLY_MAIL_URL` is `smtp://` or `smtps://`
(`smtp://user:password@host:port`), and otherwise to `.eml` files under
`instance/outbox/`, which is what a laptop demo and the tests want.

Several workers may deliver at once (threads of `make run`, consumers on
several machines): each mail is claimed by one conditional UPDATE, committed
before it is sent, so that no two workers send it, on SQLite (which has no
SKIP LOCKED) as on PostgreSQL; its result is committed right after, so that a
worker that dies mid-batch resends nothing already sent. A claim left by a dead
worker is released after CLAIM_TIMEOUT.
"""

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from huey import crontab
from sqlalchemy import String, Text, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from assembly.core.db import UTCDateTime, utcnow
from assembly.extensions import db, huey

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
MAX_ATTEMPTS = 5
# A mail claimed this long ago and still "sending" lost its worker: pending again.
CLAIM_TIMEOUT = timedelta(minutes=10)


class Outbox(db.Model):
    """One mail waiting for, or done with, delivery."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    kind: Mapped[str] = mapped_column(String(60), default="", index=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")


def queue_mail(to: str, subject: str, template: str, language: str = "en", **context) -> Outbox:
    """Render `templates/emails/<template>.txt` in `language` and add it to the outbox.

    The subject is translated by the caller (with `gettext` under the same
    locale) so that it reads in the recipient's language too.
    """
    with force_locale(language or "en"):
        body = render_template(f"emails/{template}.txt", **context)
    mail = Outbox(to=to, subject=subject, body_text=body, language=language or "en", kind=template)
    db.session.add(mail)
    return mail


@event.listens_for(Session, "after_flush")
def _note_new_mail(session, flush_context):
    if any(isinstance(obj, Outbox) for obj in session.new):
        session.info["outbox_pending"] = True


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session):
    if session.info.pop("outbox_pending", False):
        deliver_outbox()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    session.info.pop("outbox_pending", None)


def _build_message(mail: Outbox, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Message-ID"] = make_msgid(domain="assembly.local")
    msg["Content-Language"] = mail.language
    msg.set_content(mail.body_text)
    return msg


def _send(msg: EmailMessage, mail_url: str, outbox_dir: str, mail_id: int) -> None:
    url = urlsplit(mail_url)
    if url.scheme in ("smtp", "smtps"):
        smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        with smtp_class(url.hostname or "localhost", url.port or 0, timeout=30) as smtp:
            if url.scheme == "smtp" and url.query == "starttls":
                smtp.starttls()
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            smtp.send_message(msg)
        return
    folder = Path(outbox_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{mail_id:08d}.eml").write_bytes(bytes(msg))


def _claim(session: Session, mail_id: int) -> bool:
    """Take one pending mail for this worker; False when another worker has it."""
    claimed = session.execute(
        update(Outbox)
        .where(Outbox.id == mail_id, Outbox.status == PENDING)
        .values(status=SENDING, claimed_at=utcnow(), attempts=Outbox.attempts + 1)
    )
    session.commit()
    return claimed.rowcount == 1


def _release_stale_claims(session: Session) -> None:
    session.execute(
        update(Outbox)
        .where(Outbox.status == SENDING, Outbox.claimed_at < utcnow() - CLAIM_TIMEOUT)
        .values(status=PENDING)
    )
    session.commit()


@huey.task()
def deliver_outbox() -> int:
    """Send every pending mail no other worker has claimed; return how many were sent."""
    config = current_app.config
    sent = 0
    # A session of its own: this may run right after another session's commit.
    with Session(db.engine) as session:
        _release_stale_claims(session)
        pending = session.scalars(
            select(Outbox.id).where(Outbox.status == PENDING).order_by(Outbox.id)
        ).all()
        for mail_id in pending:
            if not _claim(session, mail_id):
                continue
            mail = session.get(Outbox, mail_id)
            try:
                _send(
                    _build_message(mail, config["MAIL_FROM"]),
                    config["MAIL_URL"],
                    config["OUTBOX_DIR"],
                    mail.id,
                )
            except (OSError, smtplib.SMTPException) as exc:
                mail.last_error = str(exc)[:2000]
                mail.status = FAILED if mail.attempts >= MAX_ATTEMPTS else PENDING
            else:
                mail.status, mail.sent_at = SENT, utcnow()
                sent += 1
            session.commit()
    return sent


@huey.periodic_task(crontab(minute="*"))
def retry_outbox() -> None:
    """Retry mail left pending by a failed delivery or a lost task."""
    deliver_outbox.call_local()
