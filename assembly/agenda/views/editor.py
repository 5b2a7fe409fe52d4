"""The organizers' agenda editor under /admin/agenda (admins only: organizers are admins;
officers follow the agenda from the public pages and the dashboard)."""

from datetime import datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.agenda import catalog, editing, listing, publishing, validation
from assembly.agenda.conflicts import conflicts_involving, open_conflicts
from assembly.agenda.forms import (
    ActionForm,
    CancelForm,
    MoveForm,
    PublishForm,
    SessionForm,
    people_lines,
    people_text,
)
from assembly.agenda.models import CANCELLED, DRAFT, PUBLISHED
from assembly.agenda.models import Session as AgendaSession
from assembly.agenda.services import AgendaError, seat_counts
from assembly.agenda.views import bp
from assembly.agenda.views.public import event_or_404
from assembly.core.security import ADMIN, require_role
from assembly.extensions import db
from assembly.registration.categories import ensure_default_categories


@bp.get("/admin/agenda")
@require_role(ADMIN)
def editor():
    """List every session by day with its state, the open conflicts and the publish form."""
    event = event_or_404()
    sessions = db.session.scalars(listing.sessions_query(event, (DRAFT, PUBLISHED, CANCELLED)))
    sessions = list(sessions)
    counts = seat_counts(s.id for s in sessions)
    views = [listing.session_view(event, s, counts[s.id]) for s in sessions]
    days = [
        {"date": d, "sessions": [v for v in views if v["day"] == d]}
        for d in listing.event_days(event)
    ]
    outside = [v for v in views if v["day"] not in {d["date"] for d in days}]
    conflicts = open_conflicts(event)
    in_conflict = {i for c in conflicts for i in c["session_ids"]}
    move_form = MoveForm()
    move_form.room_id.choices = _room_choices(event)
    return render_template(
        "agenda/editor/index.html",
        event=event,
        days=days,
        outside=outside,
        conflicts=conflicts,
        in_conflict=in_conflict,
        drafts=sum(1 for v in views if v["state"] == DRAFT),
        latest=publishing.latest_version(event),
        publish_form=PublishForm(),
        move_form=move_form,
        form=ActionForm(),
    )


def _room_choices(event) -> list[tuple[int, str]]:
    return [(0, _("— no room —"))] + [
        (r.id, f"{r.name} ({r.capacity})") for r in catalog.rooms(event)
    ]


def _session_form(event, session: AgendaSession | None) -> SessionForm:
    form = SessionForm(obj=None)
    form.room_id.choices = _room_choices(event)
    form.themes.choices = [(t.slug, t.name) for t in catalog.themes(event)]
    form.categories.choices = [(c.name, c.name) for c in ensure_default_categories()]
    if session is not None and not form.is_submitted():
        start, end = event.to_local(session.starts_at), event.to_local(session.ends_at)
        form.title.data, form.description.data = session.title, session.description
        form.type.data, form.audience.data = session.type, session.audience
        form.day.data, form.start.data, form.end.data = start.date(), start.time(), end.time()
        form.room_id.data = session.room_id or 0
        form.capacity.data = session.capacity
        form.languages.data = list(session.languages or [])
        form.themes.data = [t.slug for t in session.themes]
        form.categories.data = [c.name for c in session.categories]
        form.chairs.data = people_text(session.people_in("chair"))
        form.speakers.data = people_text(session.people_in("speaker"))
    elif session is None and not form.is_submitted():
        form.day.data = event.start_date
    return form


def _form_fields(form: SessionForm) -> dict:
    return {
        "title": form.title.data,
        "description": form.description.data or "",
        "type": form.type.data,
        "starts_at": datetime.combine(form.day.data, form.start.data),
        "ends_at": datetime.combine(form.day.data, form.end.data),
        "room_id": form.room_id.data or None,
        "capacity": form.capacity.data,
        "languages": form.languages.data,
        "themes": form.themes.data,
        "audience": form.audience.data,
        "categories": form.categories.data,
        "chairs": people_lines(form.chairs.data),
        "speakers": people_lines(form.speakers.data),
    }


# Service field names → form fields, so that a rule's message shows beside its field.
_FIELD_OF = {"starts_at": "start", "ends_at": "end"}


def _edit(event, session: AgendaSession | None):
    form = _session_form(event, session)
    refused = []
    if form.validate_on_submit():
        clean, errors = validation.validate_session(event, _form_fields(form), current=session)
        for name, messages in errors.items():
            getattr(form, _FIELD_OF.get(name, name)).errors = list(messages)
        if not errors:
            try:
                saved, conflicts = editing.save_session(
                    event,
                    session,
                    clean,
                    actor=current_user,
                    force=form.force.data,
                    reason=form.reason.data or "",
                )
            except editing.ChangeRefused as exc:
                db.session.rollback()
                flash(exc.message, "danger")
                refused = exc.conflicts  # the page offers to save anyway, with a reason
            else:
                db.session.commit()
                flash(_("“%(title)s” saved.", title=saved.title), "success")
                for conflict in conflicts:
                    flash(_("Conflict: %(message)s", message=conflict["message"]), "warning")
                return redirect(url_for("agenda.edit_session", session_id=saved.id))
    return render_template(
        "agenda/editor/session_form.html",
        event=event,
        form=form,
        session=session,
        conflicts=conflicts_involving(event, session.id) if session else [],
        refused=refused,
    )


@bp.route("/admin/agenda/sessions/new", methods=["GET", "POST"])
@require_role(ADMIN)
def new_session():
    """Create a draft session."""
    return _edit(event_or_404(), None)


def _session_or_404(event, session_id: int) -> AgendaSession:
    session = db.session.get(AgendaSession, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


@bp.route("/admin/agenda/sessions/<int:session_id>", methods=["GET", "POST"])
@require_role(ADMIN)
def edit_session(session_id: int):
    """Edit a session; saving shows the conflicts it is in."""
    event = event_or_404()
    return _edit(event, _session_or_404(event, session_id))


@bp.post("/admin/agenda/sessions/<int:session_id>/move")
@require_role(ADMIN)
def move_session(session_id: int):
    """Move a session to another start or room, keeping its length."""
    event = event_or_404()
    session = _session_or_404(event, session_id)
    form = MoveForm()
    form.room_id.choices = _room_choices(event)
    if not form.validate_on_submit():
        flash(_("Give the new start as a date and time."), "danger")
        return redirect(url_for("agenda.editor"))
    try:
        conflicts = editing.move_session(
            event,
            session,
            form.start.data,
            form.room_id.data or None,
            actor=current_user,
            force=form.force.data,
            reason=form.reason.data or "",
        )[1]
    except AgendaError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return redirect(url_for("agenda.editor"))
    db.session.commit()
    flash(_("“%(title)s” moved.", title=session.title), "success")
    for conflict in conflicts:
        flash(_("Conflict: %(message)s", message=conflict["message"]), "warning")
    return redirect(url_for("agenda.editor"))


def _action(session_id: int, do, done: str):
    event = event_or_404()
    session = _session_or_404(event, session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    title = session.title
    try:
        result = do(event, session)
    except AgendaError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return redirect(url_for("agenda.editor"))
    db.session.commit()
    flash(done % {"title": title}, "success")
    if isinstance(result, AgendaSession):
        return redirect(url_for("agenda.edit_session", session_id=result.id))
    return redirect(url_for("agenda.editor"))


@bp.post("/admin/agenda/sessions/<int:session_id>/duplicate")
@require_role(ADMIN)
def duplicate_session(session_id: int):
    """Copy a session as a new draft."""
    return _action(
        session_id,
        lambda e, s: editing.duplicate_session(e, s, actor=current_user),
        _("“%(title)s” copied as a draft."),
    )


@bp.route("/admin/agenda/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@require_role(ADMIN)
def cancel_session(session_id: int):
    """Ask for the reason, then cancel a session and tell who signed up (no undo)."""
    event = event_or_404()
    session = _session_or_404(event, session_id)
    form = CancelForm()
    if form.validate_on_submit():
        title = session.title
        try:
            editing.cancel_session(session, actor=current_user, reason=form.reason.data)
        except AgendaError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(
                _("“%(title)s” cancelled; participants signed up are told by mail.", title=title),
                "success",
            )
        return redirect(url_for("agenda.editor"))
    view = listing.session_view(event, session, seat_counts([session.id])[session.id])
    where = f"{view['start']:%a %d %b} {view['time']}" + (
        f" · {view['room']}" if view["room"] else ""
    )
    told = _(
        "%(n)d participant(s) signed up (seated or waiting) will be told by mail, and "
        "calendars will show the session as cancelled. This cannot be undone.",
        n=view["seated"] + view["waiting"],
    )
    return render_template(
        "agenda/editor/confirm.html",
        event=event,
        heading=_("Cancel “%(title)s”?", title=session.title),
        lines=[where, told],
        form=form,
        fields=[form.reason],
        button=_("Cancel session"),
    )


@bp.post("/admin/agenda/sessions/<int:session_id>/delete")
@require_role(ADMIN)
def delete_session(session_id: int):
    """Delete a draft session."""
    return _action(
        session_id,
        lambda e, s: editing.delete_session(s, actor=current_user),
        _("“%(title)s” deleted."),
    )


@bp.post("/admin/agenda/publish")
@require_role(ADMIN)
def publish():
    """Publish the drafts as the agenda's next version, refused while conflicts remain."""
    event = event_or_404()
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = publishing.publish(
            event, actor=current_user, force=form.force.data, reason=form.reason.data or ""
        )
    except publishing.PublishRefused as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return redirect(url_for("agenda.editor"))
    db.session.commit()
    flash(_("Version %(n)d of the agenda is published.", n=version.number), "success")
    return redirect(url_for("agenda.editor"))


from assembly.agenda.views import editor_catalog  # noqa: E402,F401  (rooms and themes)
