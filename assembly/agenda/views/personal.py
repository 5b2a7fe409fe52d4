"""The personal agenda, reached from the delegate's private link: pick sessions, join and
leave waiting lists, download one's own calendar."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from assembly.agenda import ical, listing, services
from assembly.agenda.forms import ActionForm
from assembly.agenda.models import CANCELLED, PUBLISHED
from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.views import bp
from assembly.agenda.views.public import ics_response
from assembly.core.security import TokenError
from assembly.extensions import db
from assembly.registration.links import participant_from_token
from assembly.registration.models import APPROVED, OPEN_STATES


def participant_or_404(token: str):
    """Return the participant of a private link; 404 for a bad link or a closed registration."""
    try:
        participant = participant_from_token(token)
    except TokenError:
        abort(404)
    if participant.state not in OPEN_STATES:
        abort(404)
    return participant


@bp.get("/my/<token>/agenda")
def personal_agenda(token: str):
    """Show the agenda with the participant's choices, and sign-up buttons when approved."""
    participant = participant_or_404(token)
    event = participant.event
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = None
    data = listing.public_agenda(event, day=day)
    return render_template(
        "agenda/personal.html",
        event=event,
        participant=participant,
        token=token,
        feed_token=ical.feed_token(participant),
        can_sign_up=participant.state == APPROVED,
        mine=services.signups_of(participant),
        chosen=services.participant_sessions(participant),
        form=ActionForm(),
        **data,
    )


def _back(token: str):
    return redirect(url_for("agenda.personal_agenda", token=token, day=request.form.get("day")))


def _commit() -> bool:
    """Commit; on a database too busy to write in time, roll back and say "try again"."""
    try:
        db.session.commit()
    except OperationalError:  # SQLite's write lock not granted in time: nothing was saved
        db.session.rollback()
        flash(services.busy().message, "danger")
        return False
    return True


@bp.post("/my/<token>/agenda/<int:session_id>/sign-up")
def sign_up(token: str, session_id: int):
    """Take a seat in a session, or a place on its waiting list."""
    participant = participant_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        signup = services.sign_up(participant, session_id)
    except services.SignUpRefused as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _back(token)
    if not _commit():
        return _back(token)
    if signup.status == services.SEATED:
        flash(_("Your seat is booked."), "success")
    else:
        flash(
            _(
                "The session is full: you are on the waiting list. We will mail you if a "
                "seat frees up."
            ),
            "info",
        )
    return _back(token)


@bp.post("/my/<token>/agenda/<int:session_id>/leave")
def leave(token: str, session_id: int):
    """Give up a seat or a waiting-list place."""
    participant = participant_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(participant, session_id)
    except services.SignUpRefused as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _back(token)
    if not _commit():
        return _back(token)
    flash(_("You have left the session."), "success")
    return _back(token)


@bp.get("/my/<token>/agenda.ics")
def personal_ics(token: str):
    """Serve the participant's chosen sessions as iCalendar, from the feed's own token.

    The private link's token is refused here: a calendar URL is synced to third parties.
    """
    try:
        participant = ical.participant_from_feed_token(token)
    except TokenError:
        abort(404)
    if participant.state not in OPEN_STATES:
        abort(404)
    event = participant.event
    mine = services.signups_of(participant)
    stmt = listing.sessions_query(event, (PUBLISHED, CANCELLED)).where(AgendaSession.id.in_(mine))
    sessions = db.session.scalars(stmt).all()
    waiting = {i for i, status in mine.items() if status == services.WAITING}
    name = _("My agenda: %(event)s", event=event.name)
    return ics_response(ical.calendar(event, sessions, name, waiting), "my-agenda.ics")
