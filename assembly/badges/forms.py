"""Forms of the badges pages: print runs, the pick-up desk, the check-in scanner."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

FORMAT_CHOICES = [
    ("a4-sheet", _l("A4 sheets of four A6 badges, with cut marks")),
    ("a6", _l("A6 portrait, one a page (badge holders)")),
    ("card", _l("ID-1 card, 85.6 x 54 mm (card printers)")),
]


class PrintRunForm(FlaskForm):
    """Choose the badges of a print run and its format."""

    country = StringField(
        _l("Country (ISO alpha-3 code)"),
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z]{3}$", message=_l("Three letters, for example CHN.")),
        ],
    )
    category = SelectField(_l("Category"), choices=[], validate_choice=True)
    never_printed = BooleanField(_l("Not printed yet (or waiting for a reprint)"))
    changed = BooleanField(_l("Changed since printed"))
    format = SelectField(_l("Format"), choices=FORMAT_CHOICES, default="a4-sheet")
    back_side = BooleanField(_l("Back side for duplex printing (emergency numbers, sessions)"))


class ScanForm(FlaskForm):
    """One scan at the door: what the scanner or the camera read, and the room."""

    token = StringField(
        _l("Badge code"),
        validators=[DataRequired(message=_l("Scan a badge or type its code.")), Length(max=200)],
    )
    # The event's agenda rooms, set by the view; "" is the main entrance.
    room = SelectField(_l("Room"), choices=[], default="", validate_choice=True)


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""


class PrintOneForm(FlaskForm):
    """Print one badge now, at the pick-up desk or from the registration's page."""

    format = SelectField(
        _l("Format"),
        choices=[("a6", _l("A6")), ("card", _l("ID-1 card"))],
        default="a6",
    )
    # Where to go back to: "registration" (its page), else the pick-up desk.
    back = HiddenField()
    q = HiddenField()
