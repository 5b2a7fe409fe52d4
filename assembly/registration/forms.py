"""Forms of the public registration pages.

The forms check shape only; the rules (countries, dates, phone, email, ...)
are `services.validate_fields`, the same for the form, the API and imports,
whose errors the views put next to each field.
"""

import pycountry
from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerRangeField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from assembly.registration.models import LANGUAGES

# The country choice of an observer from an international organization.
ORGANIZATION = "ORG"
LANGUAGE_LABELS = {
    "en": _l("English"),
    "fr": _l("French"),
    "es": _l("Spanish"),
    "ar": _l("Arabic"),
}


def _date(label):
    return StringField(label, render_kw={"type": "date"})


class ParticipantForm(FlaskForm):
    """A registration's fields a delegate may edit."""

    country = SelectField(_l("Delegation"), choices=[], validate_choice=False)
    organization_name = StringField(_l("International organization"), render_kw={"maxlength": 200})
    category = SelectField(_l("Category"), choices=[], validate_choice=False)
    title = StringField(_l("Title or rank"), render_kw={"maxlength": 80})
    given_name = StringField(
        _l("Given names (as in the passport)"),
        render_kw={"maxlength": 120, "autocomplete": "given-name"},
    )
    family_name = StringField(
        _l("Family name (as in the passport)"),
        render_kw={"maxlength": 120, "autocomplete": "family-name"},
    )
    badge_name = StringField(_l("Name printed on the badge"), render_kw={"maxlength": 120})
    native_name = StringField(_l("Name in your own script"), render_kw={"maxlength": 120})
    nationality = SelectField(_l("Nationality"), choices=[], validate_choice=False)
    date_of_birth = _date(_l("Date of birth"))
    passport_number = StringField(
        _l("Passport or ID number"), render_kw={"maxlength": 40, "autocomplete": "off"}
    )
    passport_expiry = _date(_l("Passport expiry date"))
    position = StringField(_l("Position"), render_kw={"maxlength": 200})
    organization = StringField(_l("Organization"), render_kw={"maxlength": 200})
    phone = TelField(
        _l("Phone (with country code)"),
        render_kw={"autocomplete": "tel", "placeholder": "+33 4 72 44 70 00"},
    )
    arrival_date = _date(_l("Arrival date"))
    departure_date = _date(_l("Departure date"))
    language = SelectField(
        _l("Interpretation language"),
        choices=[(code, LANGUAGE_LABELS[code]) for code in LANGUAGES],
        validate_choice=False,
    )
    dietary = TextAreaField(_l("Dietary needs"), render_kw={"rows": 2, "maxlength": 1000})
    accessibility = TextAreaField(
        _l("Accessibility needs"), render_kw={"rows": 2, "maxlength": 1000}
    )
    photo = FileField(
        _l("Photo for the badge"),
        render_kw={"accept": "image/jpeg,image/png,image/webp", "data-photo-input": True},
    )
    # A photo sent with a form that came back with errors (see photos.save_temp_photo).
    photo_token = HiddenField()
    crop_x = IntegerRangeField(
        _l("Move the frame left or right"),
        default=50,
        validators=[Optional(), NumberRange(0, 100)],
        render_kw={"min": 0, "max": 100, "data-crop": "x"},
    )
    crop_y = IntegerRangeField(
        _l("Move the frame up or down"),
        default=50,
        validators=[Optional(), NumberRange(0, 100)],
        render_kw={"min": 0, "max": 100, "data-crop": "y"},
    )
    list_consent = BooleanField(_l("Show my name in the published list of participants"))

    FIELDS = (
        "organization_name", "category", "title", "given_name", "family_name", "badge_name",
        "native_name", "nationality", "date_of_birth", "passport_number", "passport_expiry",
        "position", "organization", "phone", "arrival_date", "departure_date", "language",
        "dietary", "accessibility", "list_consent",
    )  # fmt: skip

    # Marked * (the service's rule makes them required, for the API and imports too).
    REQUIRED = (
        "country", "category", "given_name", "family_name", "nationality", "date_of_birth",
        "passport_number", "passport_expiry", "arrival_date", "departure_date", "email",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            if name in self:
                self[name].flags.required = True

    def set_choices(self, delegations: list[tuple[str, str]], categories: list[str], lang: str):
        """Fill the lists: member countries of the event, categories, nationalities."""
        self.country.choices = [
            ("", _l("Choose…")),
            *delegations,
            (ORGANIZATION, _l("International organization (observers)")),
        ]
        self.category.choices = [("", _l("Choose…"))] + [(c, c) for c in categories]
        self.nationality.choices = [("", _l("Choose…"))] + nationalities(lang)

    def to_fields(self) -> dict:
        """Return the values typed, under the service's field names."""
        values = {name: self[name].data for name in self.FIELDS}
        country = (self.country.data or "").strip().upper()
        values["country"] = "" if country == ORGANIZATION else country
        if country != ORGANIZATION:
            values["organization_name"] = ""
        return values

    def crop(self) -> tuple[float, float]:
        """Return where the badge frame sits in the photo (0 to 1 across and down)."""
        x = self.crop_x.data if isinstance(self.crop_x.data, int) else 50
        y = self.crop_y.data if isinstance(self.crop_y.data, int) else 50
        return min(max(x, 0), 100) / 100, min(max(y, 0), 100) / 100

    def add_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Put the service's errors next to their fields; return those without a field."""
        loose = []
        for name, messages in errors.items():
            target = "country" if name == "organization_name" and name not in self else name
            if target in self:
                self[target].errors = list(self[target].errors) + list(messages)
            else:
                loose.extend(messages)
        return loose


class RegistrationForm(ParticipantForm):
    """The public registration form."""

    email = EmailField(_l("Email"), render_kw={"autocomplete": "email", "maxlength": 320})
    # Required: the service says so next to the box (one set of rules).
    consent = BooleanField(
        _l("I agree that the organizers process these data to accredit me to the assembly")
    )

    FIELDS = ParticipantForm.FIELDS + ("email", "consent")


class ConsentForm(FlaskForm):
    """The delegate's own consent to a registration made on their behalf."""

    consent = BooleanField(
        _l("I agree that the organizers process these data to accredit me to the assembly"),
        validators=[DataRequired(_l("Tick the box to give your consent."))],
    )


class WithdrawForm(FlaskForm):
    """Confirm withdrawing a registration."""

    confirm = BooleanField(
        _l("Yes, withdraw my registration"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


def nationalities(lang: str = "en") -> list[tuple[str, str]]:
    """Return (ISO alpha-3, name in `lang`) of every country, sorted by name."""
    try:
        names = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        names = {}
    rows = [(c.alpha_3, names.get(c.alpha_2) or c.name) for c in pycountry.countries]
    return sorted(rows, key=lambda row: row[1])
