"""Forms of the staff pages: the focal point's portal and the officer's registration page.

They check shape only; the workflow and the services apply the rules.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, Length

from assembly.registration.forms import RegistrationForm
from assembly.registration.models import APPROVED, CONFIRMED, REJECTED, REVOKED, WITHDRAWN


class TransitionForm(FlaskForm):
    """Move a registration to another state, with the reason the delegate reads."""

    to = HiddenField(validators=[AnyOf((CONFIRMED, APPROVED, REJECTED, REVOKED, WITHDRAWN))])
    reason = TextAreaField(
        _l("Reason (the delegate reads it)"),
        validators=[Length(max=2000)],
        render_kw={"rows": 2, "maxlength": 2000},
    )


class HeadForm(FlaskForm):
    """Name a registration the Head of Delegation (the button is the whole form)."""


class CredentialsForm(FlaskForm):
    """Upload the delegation's credentials letter (the official nomination, as a PDF)."""

    letter = FileField(
        _l("Credentials letter (PDF)"),
        validators=[FileRequired(_l("Choose the PDF file of the letter."))],
        render_kw={"accept": "application/pdf,.pdf"},
    )


class DelegateForm(RegistrationForm):
    """A focal point registers a delegate of its own country (the public form's fields).

    No consent box: the delegate gives their own consent through the private link
    they receive (services.register leaves it to them when staff register).
    """

    consent = None
    list_consent = None  # the delegate's own choice too, on their private page
    FIELDS = tuple(n for n in RegistrationForm.FIELDS if n not in ("consent", "list_consent"))
