"""Forms of the dashboard pages (each a FlaskForm, so each POST carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from assembly.accounts.services import MIN_PASSWORD_LENGTH
from assembly.core.security import ROLES


class QuotaForm(FlaskForm):
    quota = IntegerField(
        _l("Quota (Heads of Delegation and Delegates)"),
        validators=[
            DataRequired(),
            NumberRange(min=0, max=500, message=_l("Give a number from 0 to 500.")),
        ],
    )


class BulkForm(FlaskForm):
    """A bulk action; the selection comes as `ids`, the filters as the list's arguments."""

    action = SelectField(
        _l("Action"),
        choices=[
            ("approve", _l("Approve")),
            ("reject", _l("Reject")),
            ("print", _l("Add to a print run")),
            ("export_csv", _l("Export CSV")),
            ("export_xlsx", _l("Export XLSX")),
        ],
    )
    scope = SelectField(
        _l("Apply to"),
        choices=[("selected", _l("the selected registrations")), ("all", _l("all filtered"))],
    )
    reason = TextAreaField(_l("Reason (for rejections)"), validators=[Length(max=2000)])
    filters = HiddenField()


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("CSV or XLSX file"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "xlsx"], _l("Upload a .csv or .xlsx file.")),
        ],
    )


class ImportConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
    notify = BooleanField(_l("Mail each delegate their private link"), default=True)


def role_choices():
    """Return the roles as select options."""
    labels = {
        "admin": _l("Admin"),
        "officer": _l("Accreditation officer"),
        "focal_point": _l("Focal point"),
        "checkin": _l("Check-in staff"),
    }
    return [(r, labels[r]) for r in ROLES]


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=320)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices)
    country = SelectField(_l("Country (focal points)"), choices=[], validate_choice=False)
    active = BooleanField(_l("Active"), default=True)


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Password (leave empty to generate one)"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH)],
    )


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token (revoke, deactivate)."""
