"""Forms of the agenda area: they check shape; editing.py and catalog.py check the rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from assembly.agenda.listing import AUDIENCE_LABELS, LANGUAGE_LABELS, TYPE_LABELS


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class SessionForm(FlaskForm):
    """Create or edit a session."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    type = SelectField(_l("Type"), choices=list(TYPE_LABELS.items()))
    day = DateField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("Starts"), validators=[DataRequired()])
    end = TimeField(_l("Ends"), validators=[DataRequired()])
    room_id = SelectField(_l("Room"), coerce=int)
    capacity = IntegerField(
        _l("Capacity (empty: the room's)"), validators=[Optional(), NumberRange(min=1)]
    )
    languages = SelectMultipleField(
        _l("Interpretation languages"), choices=list(LANGUAGE_LABELS.items())
    )
    themes = SelectMultipleField(_l("Themes"))
    audience = SelectField(_l("Who may attend"), choices=list(AUDIENCE_LABELS.items()))
    categories = SelectMultipleField(_l("Categories (when chosen categories attend)"))
    chairs = TextAreaField(
        _l("Chairs, one per line: name | title | country or organization"),
        validators=[Optional()],
    )
    speakers = TextAreaField(
        _l("Speakers, one per line: name | title | country or organization"),
        validators=[Optional()],
    )
    # Offered when a change to a published session would make conflicts public.
    force = BooleanField(_l("Save in spite of the conflicts"))
    reason = TextAreaField(_l("Reason (kept in the audit log)"), validators=[Optional()])


class CancelForm(FlaskForm):
    """Confirm the cancellation of a session, saying why."""

    reason = TextAreaField(
        _l("Reason (in the mail to those signed up, and in the audit log)"),
        validators=[DataRequired(), Length(max=500)],
    )


class MoveForm(FlaskForm):
    """Move a session to another time or room, keeping its length."""

    start = DateTimeLocalField(_l("New start"), validators=[DataRequired()])
    room_id = SelectField(_l("Room"), coerce=int)
    force = BooleanField(_l("Move in spite of the conflicts"))
    reason = StringField(_l("Reason (kept in the audit log)"), validators=[Optional()])


class RoomForm(FlaskForm):
    """Create or edit a room."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    capacity = IntegerField(_l("Capacity"), validators=[DataRequired(), NumberRange(min=1)])
    floor = StringField(_l("Floor"), validators=[Optional(), Length(max=40)])
    opens_at = TimeField(_l("Opens at"), validators=[DataRequired()])
    closes_at = TimeField(_l("Closes at"), validators=[DataRequired()])


class ThemeForm(FlaskForm):
    """Create or edit a theme."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    color = StringField(
        _l("Colour"),
        validators=[
            DataRequired(),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("The colour must look like #1f4e79.")),
        ],
    )


class PublishForm(FlaskForm):
    """Publish the agenda; admins may override conflicts with a reason."""

    force = BooleanField(_l("Publish in spite of the conflicts"))
    reason = TextAreaField(_l("Reason (kept in the audit log)"), validators=[Optional()])


def people_lines(text: str) -> list[dict]:
    """Parse "name | title | affiliation" lines into people."""
    people = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[0]:
            parts += ["", ""]
            people.append({"name": parts[0], "title": parts[1], "affiliation": parts[2]})
    return people


def people_text(people) -> str:
    """Format people as the editor's lines."""
    return "\n".join(" | ".join(x for x in (p.name, p.title, p.affiliation)) for p in people)
