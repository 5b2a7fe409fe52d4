"""Registering and editing delegates: the one set of rules for the public form,
the JSON API, the focal points' portal and imports.

`validate_fields` checks a dict of field values (the API's JSON names) and
returns clean values and per-field errors; `register` creates a registration
(or finds the one the email already has, and mails its private link again);
`update_registration` applies an edit and tells the workflow about badge
fields that changed.
"""

from contextlib import nullcontext
from datetime import date, timedelta

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assembly.core import audit
from assembly.core.db import utcnow
from assembly.core.event import Event
from assembly.core.security import ADMIN, FOCAL_POINT, OFFICER
from assembly.extensions import db
from assembly.registration import photos, workflow
from assembly.registration import validation as rules
from assembly.registration.categories import category_by_name, ensure_default_categories
from assembly.registration.mails import mail_participant, mailed_within
from assembly.registration.models import OPEN_STATES, Category, Participant

STAFF_ROLES = (ADMIN, OFFICER, FOCAL_POINT)


class RegistrationInvalid(ValueError):
    """Some fields are not valid; `errors` maps each field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class RegistrationClosed(Exception):
    """The public may not register now; `state` is "not_open" or "closed"."""

    def __init__(self, event: Event, state: str):
        super().__init__(window_message(event, state))
        self.state = state


def window_message(event: Event, state: str) -> str:
    """Say when registration opens, or that it has closed."""
    if state == "not_open" and event.registration_opens:
        opens = event.to_local(event.registration_opens)
        return _(
            "Registration opens on %(date)s (%(zone)s).",
            date=opens.strftime("%Y-%m-%d %H:%M"),
            zone=event.timezone,
        )
    return _("Registration for this event has closed.")


def categories() -> list[Category]:
    """Return every category, creating the default set first (safe when run concurrently)."""
    try:
        with db.session.begin_nested():
            return ensure_default_categories()
    except IntegrityError:
        # Another request created them at the same moment: theirs are as good.
        return list(db.session.scalars(select(Category).order_by(Category.sort_order)))


def _category(name: str) -> Category | None:
    return category_by_name(name) or (
        next((c for c in categories() if c.name.lower() == name.strip().lower()), None)
    )


def _messages_locale():
    """Translate messages in the visitor's language, or English outside a request (imports)."""
    return nullcontext() if has_request_context() else force_locale("en")


def validate_fields(event: Event, fields: dict, *, partial: bool = False) -> tuple[dict, dict]:
    """Check `fields` (the API's names) for `event`; return (clean values, errors per field).

    With `partial`, only the fields given are checked (an edit); the rules
    between fields use the values given alone.
    """
    with _messages_locale():
        clean, errors = rules.validate(event, fields, partial=partial, category_lookup=_category)
    # Messages made now, in this language: plain strings from here on.
    return clean, {name: [str(m) for m in messages] for name, messages in errors.items()}


def participant_fields(participant: Participant) -> dict:
    """Return a registration's values under the field names `validate_fields` takes."""
    p = participant
    return {
        "country": p.delegation.country.iso3 if p.delegation else "",
        "organization_name": p.organization_name,
        "category": p.category.name,
        "title": p.title,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "badge_name": p.badge_name,
        "native_name": p.native_name,
        "nationality": p.nationality,
        "date_of_birth": p.date_of_birth,
        "passport_number": p.passport_number,
        "passport_expiry": p.passport_expiry,
        "position": p.position,
        "organization": p.organization,
        "email": p.email,
        "phone": p.phone,
        "arrival_date": p.arrival_date,
        "departure_date": p.departure_date,
        "language": p.language,
        "dietary": p.dietary,
        "accessibility": p.accessibility,
        "consent": p.consent_at is not None,
        "list_consent": p.list_consent,
    }


def find_registration(event: Event, email: str) -> Participant | None:
    """Return the event's registration of `email` (already normalized), if any."""
    return db.session.scalars(
        select(Participant).where(Participant.event_id == event.id, Participant.email == email)
    ).first()


def _check_actor(event: Event, clean: dict, errors: dict, actor) -> None:
    """A focal point registers delegates of its own country only."""
    if actor is None or getattr(actor, "role", None) != FOCAL_POINT:
        return
    delegation = clean.get("delegation")
    if delegation is None or delegation.country_id != actor.country_id:
        errors.setdefault("country", []).append(
            _("As a focal point you may register only delegates of your own country.")
        )


def _photo_errors(photo: bytes | None, errors: dict) -> bytes | None:
    if photo is None:
        return None
    try:
        return photos.process_photo(photo)
    except photos.PhotoError as exc:
        errors.setdefault("photo", []).append(str(exc))
        return None


def register(
    event: Event,
    fields: dict,
    photo: bytes | None = None,
    *,
    actor=None,
    notify: bool = True,
    field_errors: dict[str, list[str]] | None = None,
) -> tuple[Participant, bool]:
    """Create a registration; return (participant, created).

    An email that already has a registration in the event gets (existing,
    False) and, when `notify`, its private link mailed again. The public
    (`actor` None) may register only while the window is open. `field_errors`
    are errors the caller found already (a value of the wrong type, an
    unreadable photo), reported with these rules' own, in their field's place.
    """
    if actor is None:
        state = event.registration_state()
        if state != "open":
            with _messages_locale():
                raise RegistrationClosed(event, state)
    clean, errors = validate_fields(event, fields)
    if actor is not None:
        # Staff register on someone's behalf: consent is the delegate's own, given through
        # their private link; whatever staff send for it is ignored.
        for name in ("consent", "list_consent"):
            errors.pop(name, None)
            clean[name] = False
    with _messages_locale():
        _check_actor(event, clean, errors, actor)
        jpeg = _photo_errors(photo, errors)
    errors.update(field_errors or {})
    if errors:
        raise RegistrationInvalid(errors)

    existing = find_registration(event, clean["email"])
    if existing is not None:
        return _already_registered(existing, notify), False
    participant = _new_participant(event, clean)
    try:
        with db.session.begin_nested():
            db.session.add(participant)
    except IntegrityError:
        # The same address submitted twice at once (a double click): the
        # other request made the registration; this one behaves as a repeat.
        existing = find_registration(event, clean["email"])
        if existing is None:
            raise
        return _already_registered(existing, notify), False
    if jpeg is not None:
        photos.save_photo(participant, jpeg)
    audit.record(
        "registration.submitted",
        participant,
        actor=actor,
        actor_label="" if actor else "delegate",
        participant_id=participant.id,
        after={"state": participant.state, "category": participant.category.name},
    )
    if notify:
        mail_participant(
            participant, "registration_submitted", _l("Your registration"), actor=actor
        )
    return participant, True


def _new_participant(event: Event, clean: dict) -> Participant:
    now = utcnow()
    values = {k: v for k, v in clean.items() if k not in ("delegation", "category", "consent")}
    return Participant(
        event=event,
        delegation=clean.get("delegation"),
        category=clean["category"],
        consent_at=now if clean.get("consent") else None,
        submitted_at=now,
        **values,
    )


def _already_registered(participant: Participant, notify: bool) -> Participant:
    # At most one link again per address per LINK_RESEND_MINUTES: anyone may submit a
    # known address, and must not be able to flood its owner's mailbox. The caller
    # answers the same either way, so nothing tells whether a mail went out.
    minutes = current_app.config.get("LINK_RESEND_MINUTES", 10)
    if notify and not mailed_within(participant, "registration_link_again", minutes):
        mail_participant(participant, "registration_link_again", _l("Your registration"))
    return participant


def update_registration(
    participant: Participant, fields: dict, photo: bytes | None = None, *, actor=None
) -> Participant:
    """Apply an edit; tell the workflow when a badge field changed after approval.

    Raises RegistrationInvalid with per-field errors; nothing is changed then.
    """
    if participant.state not in OPEN_STATES:
        with _messages_locale():
            message = _(
                "This registration is %(state)s: it can no longer be changed.",
                state=workflow.STATE_LABELS.get(participant.state, participant.state),
            )
        raise RegistrationInvalid({"state": [str(message)]})
    current = participant_fields(participant)
    merged = {**current, **{k: v for k, v in fields.items() if k in current}}
    clean, errors = validate_fields(participant.event, merged)
    if "consent" not in fields:
        # Consent is given once (see give_consent), not with every edit.
        errors.pop("consent", None)
        clean["consent"] = current["consent"]
    with _messages_locale():
        _check_actor(participant.event, clean, errors, actor)
        jpeg = _photo_errors(photo, errors)
    if "email" in fields and not errors.get("email") and clean["email"] != participant.email:
        other = find_registration(participant.event, clean["email"])
        if other is not None:
            with _messages_locale():
                errors["email"] = [_("Another registration of this event uses this address.")]
    if errors:
        raise RegistrationInvalid(errors)

    changed = {name for name in current if _cleaned(clean, name) != current[name]}
    before = {name: _shown(name, current[name]) for name in changed}
    for name in changed:
        _apply(participant, name, clean)
    if jpeg is not None:
        photos.save_photo(participant, jpeg)
        changed.add("photo")
    if not changed:
        return participant
    db.session.flush()
    audit.record(
        "registration.edited",
        participant,
        actor=actor,
        actor_label="" if actor else "delegate",
        participant_id=participant.id,
        before=before,
        after={name: _shown(name, _cleaned(clean, name)) for name in changed if name != "photo"},
    )
    # The workflow names the delegation "delegation", whether a country or an organization.
    badge = {"delegation" if n in ("country", "organization_name") else n for n in changed}
    state = participant.state
    workflow.badge_fields_changed(
        participant, badge, actor=actor, actor_label="" if actor else "delegate"
    )
    if participant.state == state:
        # (Sent back for approval, the workflow's own mail tells the delegate.)
        mail_participant(
            participant,
            "registration_changed",
            _l("Your registration was changed"),
            changed=[rules.FIELD_LABELS.get(n, n) for n in sorted(changed)],
        )
    return participant


def give_consent(participant: Participant) -> None:
    """Record the delegate's own consent (to a registration staff made for them)."""
    if participant.consent_at is not None:
        return
    participant.consent_at = utcnow()
    db.session.flush()
    audit.record(
        "registration.consent",
        participant,
        actor_label="delegate",
        participant_id=participant.id,
        after={"consent": True},
    )


def _cleaned(clean: dict, name: str):
    if name == "country":
        return clean["delegation"].country.iso3 if clean.get("delegation") else ""
    if name == "category":
        return clean["category"].name
    return clean.get(name)


def _apply(participant: Participant, name: str, clean: dict) -> None:
    if name == "country":
        participant.delegation = clean.get("delegation")
    elif name == "category":
        participant.category = clean["category"]
    elif name == "consent":
        participant.consent_at = participant.consent_at or utcnow()
    else:
        setattr(participant, name, clean[name])


def _shown(name: str, value):
    """Return a value as the audit log keeps it: personal data masked."""
    if name in ("passport_number", "date_of_birth") and value:
        return "(changed)"
    return value.isoformat() if isinstance(value, date) else value


def default_dates(event: Event) -> tuple[date, date]:
    """Return the arrival and departure dates a form proposes: the day before and after."""
    return event.start_date - timedelta(days=1), event.end_date + timedelta(days=1)
