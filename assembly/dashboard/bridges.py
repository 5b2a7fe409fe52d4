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


def collection_by_country(event) -> list[dict] | None:
    """Return badges printed and collected per country, or None without badges."""
    fn = _service("assembly.badges.services", "collection_by_country")
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
    """Return a function(event, participants, actor) -> run id that queues a print run
    of exactly these participants, or None without badge printing.

    The badges area makes print runs from filters (`start_print_run`); the list
    needs one of an explicit selection, made here from the same models and
    services the same way (frozen selection, badges ensured, print order), so
    that it prints as a run started from the badges page.
    """
    needed = [
        _service("assembly.badges.services", name)
        for name in ("start_print_run", "ensure_badges", "sort_key")
    ]
    if None in needed or _service("assembly.badges.tasks", "render_print_run") is None:
        return None
    return _print_selection


def _print_selection(event, participants, actor) -> int:
    from assembly.badges import services
    from assembly.badges.models import FORMAT_SHEET, QUEUED, PrintRun
    from assembly.extensions import db

    ordered = sorted(participants, key=services.sort_key)
    services.ensure_badges(ordered)
    run = PrintRun(
        event=event,
        created_by=actor,
        filters={"selection": len(ordered)},
        format=FORMAT_SHEET,
        back_side=False,
        state=QUEUED,
        participant_ids=[p.id for p in ordered],
        total=len(ordered),
        progress=0,
    )
    db.session.add(run)
    db.session.flush()
    return run.id


def queue_print_run(run_id: int) -> None:
    """Hand a committed print run to the badges area's background job."""
    task = _service("assembly.badges.tasks", "render_print_run")
    if task is not None:
        task(run_id)


def already_printed(participant_ids: list[int]) -> set[int]:
    """Return the ids whose badge is printed and unchanged since (reprints are the badges')."""
    try:
        from assembly.badges.models import Badge
    except ImportError:
        return set()
    from sqlalchemy import or_, select

    from assembly.extensions import db
    from assembly.registration.models import Participant

    if not participant_ids:
        return set()
    return set(
        db.session.scalars(
            select(Badge.participant_id)
            .join(Participant, Participant.id == Badge.participant_id)
            .where(
                Badge.participant_id.in_(participant_ids),
                Badge.printed_at.is_not(None),
                or_(
                    Participant.badge_changed_at.is_(None),
                    Participant.badge_changed_at <= Badge.printed_at,
                ),
            )
        )
    )


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


def state_label(state: str) -> str:
    """Return the translated name of a registration state."""
    labels = _service("assembly.registration.workflow", "STATE_LABELS") or {}
    return str(labels.get(state, state))


def officer_view_endpoint() -> str | None:
    """Return the endpoint of one registration's officer page when it exists."""
    from flask import current_app

    name = "registration.officer_view"
    return name if name in current_app.view_functions else None
