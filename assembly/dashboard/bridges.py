"""The other areas' services the dashboard shows or calls, looked up when used.

The agenda, badges and registration areas grow alongside the dashboard; each
function here returns None (or a neutral value) when the service it needs is not
there, so that the dashboard says "not available" instead of failing.
"""

from importlib import import_module


def _service(module: str, name: str):
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def sessions_filling_up(event, limit: int = 10) -> list[dict] | None:
    """Return the agenda's sessions closest to full, or None without an agenda."""
    fn = _service("assembly.agenda.services", "sessions_filling_up")
    return None if fn is None else fn(event, limit=limit)


def open_conflicts(event) -> list[dict] | None:
    """Return the agenda's open conflicts, or None without conflict detection."""
    fn = _service("assembly.agenda.conflicts", "open_conflicts")
    return None if fn is None else fn(event)


def entries_per_day(event) -> list[dict] | None:
    """Return the check-in entries per day, or None without check-in."""
    fn = _service("assembly.badges.services", "entries_per_day")
    return None if fn is None else fn(event)


def badge_status(participant_ids: list[int]) -> dict[int, dict] | None:
    """Return printed/collected/checked_in per participant id, or None without badges."""
    fn = _service("assembly.badges.services", "badge_status")
    return None if fn is None else fn(list(participant_ids))


def badge_filter(printed: bool | None, checked_in: bool | None):
    """Return SQL conditions on Participant for the badge filters, or None without badges.

    Built from the badges area's models (Badge.printed_at, CheckIn), which the
    dashboard may read; "checked in" means entered on any day.
    """
    try:
        from assembly.badges.models import Badge, CheckIn
    except ImportError:
        return None
    if not hasattr(Badge, "printed_at") or not hasattr(CheckIn, "participant_id"):
        return None
    from sqlalchemy import select

    from assembly.registration.models import Participant

    conditions = []
    if printed is not None:
        was_printed = (
            select(Badge.id)
            .where(Badge.participant_id == Participant.id, Badge.printed_at.is_not(None))
            .exists()
        )
        conditions.append(was_printed if printed else ~was_printed)
    if checked_in is not None:
        entered = select(CheckIn.id).where(CheckIn.participant_id == Participant.id).exists()
        conditions.append(entered if checked_in else ~entered)
    return conditions


def print_run_service():
    """Return the badges area's "add to a print run" service, or None."""
    return _service("assembly.badges.services", "add_to_print_run")


def validate_fields():
    """Return the registration area's validate_fields(event, fields), or None."""
    return _service("assembly.registration.services", "validate_fields")


def register():
    """Return the registration area's register(event, fields, ...), or None."""
    return _service("assembly.registration.services", "register")


def transition():
    """Return the workflow's transition(participant, to, ...), or None."""
    return _service("assembly.registration.workflow", "transition")


def can_see_personal_data(user) -> bool:
    """Tell whether `user` may see passport numbers and dates of birth."""
    fn = _service("assembly.registration.privacy", "can_see_personal_data")
    if fn is not None:
        return bool(fn(user))
    return getattr(user, "role", None) in ("admin", "officer")


def officer_view_endpoint() -> str | None:
    """Return the endpoint of one registration's officer page when it exists."""
    from flask import current_app

    name = "registration.officer_view"
    return name if name in current_app.view_functions else None
