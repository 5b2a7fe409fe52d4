"""Mail to a participant: in their language, with their private link."""

from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from assembly.core.db import utcnow
from assembly.core.mail import Outbox, queue_mail
from assembly.extensions import db
from assembly.registration.links import private_url
from assembly.registration.models import Participant


def mail_participant(participant: Participant, template: str, subject, **context) -> None:
    """Queue `templates/emails/<template>.txt` to `participant`; `subject` may be lazy."""
    language = participant.language or "en"
    with force_locale(language):
        subject = _("%(event)s: %(subject)s", event=participant.event.name, subject=str(subject))
    queue_mail(
        participant.email,
        subject,
        template,
        language=language,
        participant=participant,
        event=participant.event,
        link=private_url(participant),
        **context,
    )


def mailed_within(participant: Participant, template: str, minutes: int) -> bool:
    """Tell whether `template` was queued to `participant`'s address in the last `minutes`."""
    since = utcnow() - timedelta(minutes=minutes)
    return (
        db.session.scalar(
            select(Outbox.id)
            .where(Outbox.to == participant.email, Outbox.kind == template)
            .where(Outbox.created_at >= since)
            .limit(1)
        )
        is not None
    )
