"""The public agenda: the day grid and list, each session's page, iCal feeds, the booklet."""

from datetime import date

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from assembly.agenda import ical, listing, programme, publishing
from assembly.agenda.models import CANCELLED, PUBLISHED, Theme
from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.views import bp
from assembly.core.event import current_event
from assembly.extensions import db


def event_or_404():
    """Return the current event, or answer 404 when there is none."""
    event = current_event()
    if event is None:
        abort(404)
    return event


@bp.get("/agenda")
def index():
    """Show the published agenda: a tab per day, a grid per room, a list for phones."""
    event = event_or_404()
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = None
    filters = {
        "theme": request.args.get("theme", ""),
        "type_": request.args.get("type", ""),
        "language": request.args.get("language", ""),
        "q": request.args.get("q", "").strip()[:100],
    }
    data = listing.public_agenda(event, day=day, **filters)
    return render_template("agenda/index.html", event=event, filters=filters, **data)


@bp.get("/agenda/<int:session_id>")
def session(session_id: int):
    """Show one published session with its seats left."""
    event = event_or_404()
    data = listing.session_page(event, session_id)
    if data is None:
        abort(404)
    return render_template("agenda/session.html", event=event, s=data)


def ics_response(body: bytes, filename: str) -> Response:
    """Answer an iCalendar file; calendar apps that poll get 304 while it is unchanged."""
    response = Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/agenda.ics")
def agenda_ics():
    """Serve the published agenda (optionally one `theme`) as iCalendar, cancellations included."""
    event = event_or_404()
    stmt = listing.sessions_query(event, (PUBLISHED, CANCELLED))
    name = _("%(event)s agenda", event=event.name)
    slug = request.args.get("theme", "")
    if slug:
        theme = db.session.scalars(
            db.select(Theme).where(Theme.event_id == event.id, Theme.slug == slug)
        ).first()
        if theme is None:
            abort(404)
        stmt = stmt.where(AgendaSession.themes.any(Theme.id == theme.id))
        name = f"{name}: {theme.name}"
    sessions = db.session.scalars(stmt).all()
    return ics_response(ical.calendar(event, sessions, name), "agenda.ics")


@bp.get("/agenda/<int:session_id>.ics")
def session_ics(session_id: int):
    """Serve one public session as iCalendar."""
    event = event_or_404()
    stmt = listing.sessions_query(event, (PUBLISHED, CANCELLED)).where(
        AgendaSession.id == session_id
    )
    sessions = db.session.scalars(stmt).all()
    if not sessions:
        abort(404)
    return ics_response(
        ical.calendar(event, sessions, sessions[0].title), f"session-{session_id}.ics"
    )


@bp.get("/agenda/programme.pdf")
def programme_pdf():
    """Serve the programme booklet of the published agenda."""
    event = event_or_404()
    return Response(
        programme.programme_pdf(event),
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="programme.pdf"'},
    )


@bp.get("/agenda/changes")
def changes():
    """Show each publication of the agenda with what it added, moved or cancelled."""
    event = event_or_404()
    return render_template("agenda/changes.html", event=event, versions=publishing.versions(event))
