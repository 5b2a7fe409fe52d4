"""Forms of the staff pages: the focal point's portal and the officer's registration page.

They check shape only; the workflow and the services apply the rules.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

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
    """A focal point registers a delegate of its own country (the public form's fields)."""

    consent = BooleanField(
        _l(
            "The delegate agreed that the organizers process these data; they check them and "
            "confirm through the private link they receive"
        ),
        validators=[DataRequired(_l("Tick the box: we register delegates with their consent."))],
    )
