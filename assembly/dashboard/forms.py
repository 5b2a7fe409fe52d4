"""Forms of the dashboard pages (each a FlaskForm, so each POST carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)
from wtforms.widgets import CheckboxInput, ListWidget

from assembly.accounts.services import MIN_PASSWORD_LENGTH
from assembly.agenda.listing import LANGUAGE_LABELS
from assembly.core.security import ROLES

# What <input type="datetime-local"> sends (minutes, or seconds from some browsers).
LOCAL_MOMENT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class QuotaForm(FlaskForm):
    quota = IntegerField(
        _l("Quota (Heads of Delegation and Delegates)"),
        validators=[
            InputRequired(),  # 0 is a quota (a delegation that may send nobody)
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


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (easier than a list box on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(FlaskForm):
    """The event's name, place, days, languages and registration window (in its time zone)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    # InputRequired, not DataRequired: it keeps the "not a valid date" message.
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    languages = CheckboxesField(
        _l("Languages"),
        choices=list(LANGUAGE_LABELS.items()),
        validators=[DataRequired(message=_l("Choose at least one language."))],
    )
    registration_opens = DateTimeLocalField(
        _l("Registration opens"), format=LOCAL_MOMENT, validators=[Optional()]
    )
    registration_closes = DateTimeLocalField(
        _l("Registration closes"), format=LOCAL_MOMENT, validators=[Optional()]
    )


class VenueMapForm(FlaskForm):
    """The venue's map for the badges' backs: an image, checked by the badges area."""

    image = FileField(_l("Map image"), validators=[FileRequired(_l("Choose an image."))])


class CategoryForm(FlaskForm):
    """A participant category: name, badge colour, limit per delegation and flags."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)])
    color = StringField(
        _l("Badge colour"),
        default="#1f4e79",
        validators=[
            DataRequired(),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("The colour must look like #1f4e79.")),
        ],
    )
    delegation_limit = IntegerField(
        _l("Limit per delegation"),
        validators=[
            Optional(),
            NumberRange(min=0, max=500, message=_l("Give a number from 0 to 500, or nothing.")),
        ],
    )
    counts_toward_quota = BooleanField(_l("Counts toward the delegation's quota"))
    is_head = BooleanField(_l("Head of Delegation's category"))
    needs_confirmation = BooleanField(_l("Needs the focal point's confirmation"), default=True)
    sort_order = IntegerField(
        _l("Order"),
        validators=[
            Optional(),
            NumberRange(min=0, max=1000, message=_l("Give a number from 0 to 1000.")),
        ],
    )
