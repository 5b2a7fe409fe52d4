"""The editor's rooms and themes under /admin/agenda (admins only)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.agenda import catalog
from assembly.agenda.forms import ActionForm, RoomForm, ThemeForm
from assembly.agenda.models import Room, Theme
from assembly.agenda.services import AgendaError
from assembly.agenda.views import bp
from assembly.agenda.views.public import event_or_404
from assembly.core.security import ADMIN, require_role
from assembly.extensions import db


def _owned(model, event, object_id: int):
    obj = db.session.get(model, object_id)
    if obj is None or obj.event_id != event.id:
        abort(404)
    return obj


def _rooms_page(event, form, room=None):
    if form.validate_on_submit():
        try:
            catalog.save_room(
                event,
                room,
                name=form.name.data,
                capacity=form.capacity.data,
                floor=form.floor.data or "",
                opens_at=form.opens_at.data,
                closes_at=form.closes_at.data,
                actor=current_user,
            )
        except AgendaError as exc:
            db.session.rollback()
            form.name.errors = [exc.message]
        else:
            db.session.commit()
            flash(_("Room %(name)s saved.", name=form.name.data), "success")
            return redirect(url_for("agenda.rooms"))
    return render_template(
        "agenda/editor/rooms.html",
        event=event,
        rooms=catalog.rooms(event),
        form=form,
        room=room,
    )


@bp.route("/admin/agenda/rooms", methods=["GET", "POST"])
@require_role(ADMIN)
def rooms():
    """List the rooms and add one."""
    return _rooms_page(event_or_404(), RoomForm())


@bp.route("/admin/agenda/rooms/<int:room_id>", methods=["GET", "POST"])
@require_role(ADMIN)
def edit_room(room_id: int):
    """Edit a room."""
    event = event_or_404()
    room = _owned(Room, event, room_id)
    return _rooms_page(event, RoomForm(obj=room), room)


def _confirm_delete(event, heading: str, lines: list[str], back: str):
    return render_template(
        "agenda/editor/confirm.html",
        event=event,
        heading=heading,
        lines=lines,
        form=ActionForm(),
        fields=[],
        button=_("Delete"),
        back=back,
    )


@bp.route("/admin/agenda/rooms/<int:room_id>/delete", methods=["GET", "POST"])
@require_role(ADMIN)
def delete_room(room_id: int):
    """Ask, then delete a room no session uses."""
    event = event_or_404()
    room = _owned(Room, event, room_id)
    if request.method == "GET":
        used = catalog.sessions_in_room(room)
        lines = [_("Sessions in this room: %(n)d.", n=used)]
        if used:
            lines.append(_("Move them to another room first: a room in use is not deleted."))
        heading = _("Delete the room %(name)s?", name=room.name)
        return _confirm_delete(event, heading, lines, url_for("agenda.rooms"))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        catalog.delete_room(room, actor=current_user)
    except AgendaError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    else:
        db.session.commit()
        flash(_("Room deleted."), "success")
    return redirect(url_for("agenda.rooms"))


def _themes_page(event, form, theme=None):
    if form.validate_on_submit():
        try:
            catalog.save_theme(
                event, theme, name=form.name.data, color=form.color.data, actor=current_user
            )
        except AgendaError as exc:
            db.session.rollback()
            form.color.errors = [exc.message]
        else:
            db.session.commit()
            flash(_("Theme %(name)s saved.", name=form.name.data), "success")
            return redirect(url_for("agenda.themes"))
    return render_template(
        "agenda/editor/themes.html",
        event=event,
        themes=catalog.themes(event),
        form=form,
        theme=theme,
    )


@bp.route("/admin/agenda/themes", methods=["GET", "POST"])
@require_role(ADMIN)
def themes():
    """List the themes and add one."""
    return _themes_page(event_or_404(), ThemeForm())


@bp.route("/admin/agenda/themes/<int:theme_id>", methods=["GET", "POST"])
@require_role(ADMIN)
def edit_theme(theme_id: int):
    """Edit a theme."""
    event = event_or_404()
    theme = _owned(Theme, event, theme_id)
    return _themes_page(event, ThemeForm(obj=theme), theme)


@bp.route("/admin/agenda/themes/<int:theme_id>/delete", methods=["GET", "POST"])
@require_role(ADMIN)
def delete_theme(theme_id: int):
    """Ask, then delete a theme (its sessions lose it)."""
    event = event_or_404()
    theme = _owned(Theme, event, theme_id)
    if request.method == "GET":
        used = catalog.sessions_with_theme(theme)
        lines = [_("%(n)d session(s) will lose this theme.", n=used)]
        heading = _("Delete the theme %(name)s?", name=theme.name)
        return _confirm_delete(event, heading, lines, url_for("agenda.themes"))
    if not ActionForm().validate_on_submit():
        abort(400)
    catalog.delete_theme(theme, actor=current_user)
    db.session.commit()
    flash(_("Theme deleted."), "success")
    return redirect(url_for("agenda.themes"))
