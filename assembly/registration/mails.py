"""Mail to a participant: in their language, with their private link."""

from flask_babel import force_locale
from flask_babel import gettext as _

from assembly.core.mail import queue_mail
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
