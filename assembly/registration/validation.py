"""The rules a registration's fields follow, whoever sends them (form, API, import).

`validate` takes raw values under the API's field names (strings from a form
or a CSV, or JSON types) and returns the clean values, ready for the
Participant model, and the errors of each field, each message saying what to
type instead.
"""

import unicodedata
from datetime import date, timedelta

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assembly.core.event import Event
from assembly.countries.services import delegation_for
from assembly.registration.models import LANGUAGES

# name: (max length, required)
TEXT_FIELDS = {
    "title": (80, False),
    "given_name": (120, True),
    "family_name": (120, True),
    "badge_name": (120, False),
    "native_name": (120, False),
    "passport_number": (40, True),
    "position": (200, False),
    "organization": (200, False),
    "organization_name": (200, False),
    "dietary": (1000, False),
    "accessibility": (1000, False),
}
# Fields of several lines, where tabs and line breaks are text too.
MULTILINE_FIELDS = {"dietary", "accessibility"}
LINE_CHARACTERS = frozenset("\t\n\r")
DATE_FIELDS = ("date_of_birth", "passport_expiry", "arrival_date", "departure_date")
REQUIRED_DATES = set(DATE_FIELDS)
# How long before the event a delegate may arrive, and after it leave.
STAY_MARGIN = timedelta(days=30)
TRUE_WORDS = {"1", "true", "yes", "y", "on"}
FALSE_WORDS = {"", "0", "false", "no", "n", "off"}


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def has_control_characters(value: str, multiline: bool = False) -> bool:
    """Tell whether `value` holds a control character (NUL, escape, a lone surrogate...).

    `multiline` allows tabs and line breaks. PostgreSQL refuses NUL in text, and
    none of these belongs in a name, a number or on a badge.
    """
    return any(
        unicodedata.category(ch) in ("Cc", "Cs") and not (multiline and ch in LINE_CHARACTERS)
        for ch in value
    )


def parse_bool(value) -> bool | None:
    """Return a checkbox-like value as a bool, None when it is not one."""
    if isinstance(value, bool):
        return value
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_date(value) -> date | None:
    """Return an ISO date (YYYY-MM-DD) as a date; raise ValueError for anything else."""
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    return date.fromisoformat(text)


def normalize_phone(value: str, region: str | None = None) -> str:
    """Return a phone number in E.164 (+861012345678); raise ValueError if it is not valid."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def country_code(value) -> str | None:
    """Return an ISO alpha-3 code upper-cased if it names a country, else None."""
    code = _text(value).upper()
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    return None


def validate(
    event: Event, fields: dict, *, partial: bool = False, category_lookup
) -> tuple[dict, dict]:
    """Check `fields` for `event`; return (clean values, {field: [messages]})."""
    clean: dict = {}
    errors: dict[str, list[str]] = {}

    def wrong(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    wrong.errors = errors  # the rules between fields look at what is already wrong

    # A value with control characters is refused first, and left out of every
    # other rule (lookups of countries and categories included).
    for name, value in fields.items():
        if isinstance(value, str) and has_control_characters(
            value.strip(), multiline=name in MULTILINE_FIELDS
        ):
            wrong(name, _control_message(name))
    refused = set(errors)
    fields = {name: value for name, value in fields.items() if name not in refused}

    def given(name: str) -> bool:
        return name not in refused and (not partial or name in fields)

    for name, (length, required) in TEXT_FIELDS.items():
        if not given(name):
            continue
        value = _text(fields.get(name))
        if required and not value:
            wrong(name, _("This field is required."))
        elif len(value) > length:
            wrong(name, _("Use at most %(n)d characters.", n=length))
        else:
            clean[name] = value

    _check_delegation(event, fields, clean, wrong, given)
    _check_category(fields, clean, wrong, given, category_lookup)
    if given("nationality"):
        code = country_code(fields.get("nationality"))
        if code is None:
            wrong("nationality", _("Choose a nationality (ISO alpha-3 code, e.g. FRA)."))
        else:
            clean["nationality"] = code
    if given("email"):
        _check_email(fields.get("email"), clean, wrong)
    if given("phone"):
        _check_phone(fields.get("phone"), clean, wrong)
    if given("language"):
        language = _text(fields.get("language")).lower() or "en"
        if language not in LANGUAGES:
            wrong("language", _("Choose one of: %(list)s.", list=", ".join(LANGUAGES)))
        else:
            clean["language"] = language
    for name in ("consent", "list_consent"):
        if given(name):
            value = parse_bool(fields.get(name))
            if value is None:
                wrong(name, _("Answer yes or no (true or false)."))
            else:
                clean[name] = value
    if given("consent") and clean.get("consent") is False:
        wrong("consent", _("We can only register you with your consent to the processing."))
    _check_dates(event, fields, clean, wrong, given)
    return clean, errors


def _control_message(name: str) -> str:
    if name in MULTILINE_FIELDS:
        return _("Remove the control characters (such as NUL) from this text.")
    return _("Use plain text on one line: no control characters (such as NUL or a line break).")


def _check_delegation(event, fields, clean, wrong, given) -> None:
    if not (given("country") or given("organization_name")):
        return
    iso3 = _text(fields.get("country")).upper()
    if iso3:
        delegation = delegation_for(event, iso3) if len(iso3) == 3 else None
        if delegation is None:
            wrong("country", _("%(code)s is not a member country of this assembly.", code=iso3))
        else:
            clean["delegation"] = delegation
            clean["organization_name"] = ""
    elif not clean.get("organization_name"):
        if not {"country", "organization_name"} & set(wrong.errors):
            wrong(
                "country",
                _("Choose your delegation's country, or give the international organization."),
            )
    else:
        clean["delegation"] = None


def _check_category(fields, clean, wrong, given, category_lookup) -> None:
    if not given("category"):
        return
    name = _text(fields.get("category"))
    category = category_lookup(name) if name else None
    if category is None:
        wrong(
            "category",
            _("Choose a category.") if not name else _("Unknown category %(name)s.", name=name),
        )
        return
    clean["category"] = category
    if (
        "delegation" in clean
        and clean["delegation"] is None
        and (category.counts_toward_quota or category.is_head)
    ):
        wrong(
            "category",
            _(
                "An international organization registers observers, not %(category)s: "
                "choose Observer, or choose a member country.",
                category=category.name,
            ),
        )


def _check_email(value, clean, wrong) -> None:
    text = _text(value)
    if not text:
        wrong("email", _("This field is required."))
        return
    try:
        clean["email"] = validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        wrong("email", _("This is not a valid email address: %(reason)s", reason=str(exc)))


def _check_phone(value, clean, wrong) -> None:
    text = _text(value)
    if not text:
        clean["phone"] = ""
        return
    region = None
    if not text.startswith("+") and clean.get("delegation") is not None:
        # A number without +code is read as one of the delegation's country.
        region = clean["delegation"].country.iso2
    try:
        clean["phone"] = normalize_phone(text, region)
    except ValueError:
        wrong(
            "phone",
            _(
                "This is not a valid phone number; give it with the country code, "
                "e.g. +33 4 72 44 70 00."
            ),
        )


def _check_dates(event: Event, fields, clean, wrong, given) -> None:
    for name in DATE_FIELDS:
        if not given(name):
            continue
        try:
            value = parse_date(fields.get(name))
        except (TypeError, ValueError):
            wrong(name, _("Give a date as YYYY-MM-DD."))
            continue
        if value is None and name in REQUIRED_DATES:
            wrong(name, _("This field is required."))
            continue
        clean[name] = value
    today = date.today()
    born = clean.get("date_of_birth")
    if born and not (date(1900, 1, 1) <= born < today):
        wrong("date_of_birth", _("Give your date of birth (a date in the past)."))
    expiry = clean.get("passport_expiry")
    if expiry and expiry < event.end_date:
        wrong(
            "passport_expiry",
            _(
                "Your passport expires before the end of the assembly (%(date)s); "
                "register with a passport valid until then.",
                date=event.end_date.isoformat(),
            ),
        )
    arrival, departure = clean.get("arrival_date"), clean.get("departure_date")
    if arrival and not (event.start_date - STAY_MARGIN <= arrival <= event.end_date):
        wrong(
            "arrival_date",
            _(
                "Arrive between %(first)s and %(last)s.",
                first=(event.start_date - STAY_MARGIN).isoformat(),
                last=event.end_date.isoformat(),
            ),
        )
    if departure and not (event.start_date <= departure <= event.end_date + STAY_MARGIN):
        wrong(
            "departure_date",
            _(
                "Leave between %(first)s and %(last)s.",
                first=event.start_date.isoformat(),
                last=(event.end_date + STAY_MARGIN).isoformat(),
            ),
        )
    if arrival and departure and departure < arrival and "departure_date" not in wrong.errors:
        wrong("departure_date", _("The departure date must not be before the arrival date."))


FIELD_LABELS = {
    "country": _l("delegation"),
    "organization_name": _l("international organization"),
    "category": _l("category"),
    "title": _l("title or rank"),
    "given_name": _l("given names"),
    "family_name": _l("family name"),
    "badge_name": _l("name on the badge"),
    "native_name": _l("name in your own script"),
    "nationality": _l("nationality"),
    "date_of_birth": _l("date of birth"),
    "passport_number": _l("passport number"),
    "passport_expiry": _l("passport expiry"),
    "position": _l("position"),
    "organization": _l("organization"),
    "email": _l("email"),
    "phone": _l("phone"),
    "arrival_date": _l("arrival date"),
    "departure_date": _l("departure date"),
    "language": _l("interpretation language"),
    "dietary": _l("dietary needs"),
    "accessibility": _l("accessibility needs"),
    "consent": _l("consent"),
    "list_consent": _l("listing in the participant list"),
    "photo": _l("photo"),
}
