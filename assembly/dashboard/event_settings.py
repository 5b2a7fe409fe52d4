"""The event's settings organizers edit: name, place, dates, languages, registration window.

The window's moments are typed in the event's time zone and stored in UTC.
No closing moment means registration stays open until an organizer closes it.
"""

from datetime import UTC, date, datetime

from flask_babel import gettext as _

from assembly.core.audit import record
from assembly.core.db import utcnow
from assembly.core.event import Event
from assembly.extensions import db


class SettingsInvalid(ValueError):
    """Some values break a rule; `errors` maps each field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def to_local(event: Event, moment: datetime | None) -> datetime | None:
    """Return a stored UTC moment as the event's local wall-clock time (naive), for a form."""
    return event.to_local(moment).replace(tzinfo=None) if moment else None


def to_utc(event: Event, local: datetime | None) -> datetime | None:
    """Return a wall-clock time typed in the event's time zone as a UTC moment."""
    return local.replace(tzinfo=event.tz).astimezone(UTC) if local else None


def snapshot(event: Event) -> dict:
    """Return what the audit log keeps of the event's settings (JSON-ready)."""
    return {
        "name": event.name,
        "city": event.city,
        "venue": event.venue,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "languages": list(event.languages or []),
        "registration_opens": _iso(event.registration_opens),
        "registration_closes": _iso(event.registration_closes),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def window(event: Event) -> dict:
    """Describe the registration window for the settings page: state, local moments, zone."""
    return {
        "state": event.registration_state(),
        "opens": to_local(event, event.registration_opens),
        "closes": to_local(event, event.registration_closes),
        "timezone": event.timezone,
    }


def update_event(
    event: Event,
    *,
    name: str,
    city: str,
    venue: str,
    start_date: date,
    end_date: date,
    languages: list[str],
    registration_opens: datetime | None,
    registration_closes: datetime | None,
    actor=None,
) -> bool:
    """Change the event's settings (window moments in its time zone); return whether any did.

    Raise SettingsInvalid, changing nothing, when a rule is broken.
    """
    opens, closes = to_utc(event, registration_opens), to_utc(event, registration_closes)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the event a name.")]
    if not (city or "").strip():
        errors["city"] = [_("Give the event's city.")]
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = [_("The last day cannot be before the first day.")]
    if not languages:
        errors["languages"] = [_("Choose at least one language.")]
    if opens and closes and closes <= opens:
        errors["registration_closes"] = [_("Registration must close after it opens.")]
    if errors:
        raise SettingsInvalid(errors)
    values = {
        "name": name.strip(),
        "city": city.strip(),
        "venue": (venue or "").strip(),
        "start_date": start_date,
        "end_date": end_date,
        "languages": list(languages),
        "registration_opens": opens,
        "registration_closes": closes,
    }
    return _apply(event, values, "event.update", actor)


def close_registration_now(event: Event, *, actor=None) -> bool:
    """Close registration to the public from this moment; return whether it was open."""
    if event.registration_state() == "closed":
        return False
    now = utcnow()
    values = {"registration_closes": now}
    if event.registration_opens and event.registration_opens > now:
        # Not open yet: an opening still ahead would keep it "not open" instead of closed.
        values["registration_opens"] = now
    return _apply(event, values, "event.registration_closed", actor)


def open_registration_now(event: Event, *, actor=None) -> bool:
    """Open registration now, until an organizer closes it; return whether it changed."""
    if event.registration_state() == "open" and event.registration_closes is None:
        return False
    now = utcnow()
    values = {"registration_closes": None}
    if event.registration_opens and event.registration_opens > now:
        values["registration_opens"] = now
    return _apply(event, values, "event.registration_opened", actor)


def _apply(event: Event, values: dict, action: str, actor) -> bool:
    before = snapshot(event)
    for key, value in values.items():
        setattr(event, key, value)
    after = snapshot(event)
    if after == before:
        return False
    db.session.flush()
    changed = [k for k in after if after[k] != before[k]]
    record(
        action,
        event,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        actor=actor,
    )
    return True
