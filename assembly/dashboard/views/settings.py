"""Admins' set-up pages: the event, its registration window and venue map, the
participant categories."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from assembly.badges import venue_map
from assembly.core.http import private_file
from assembly.core.security import ADMIN, require_role
from assembly.dashboard import event_settings
from assembly.dashboard.forms import ActionForm, CategoryForm, EventForm, VenueMapForm
from assembly.dashboard.views import bp, event_or_404
from assembly.extensions import db
from assembly.registration import categories
from assembly.registration.models import Category


def _event_data(event) -> dict:
    return {
        "name": event.name,
        "city": event.city,
        "venue": event.venue,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "languages": list(event.languages or []),
        "registration_opens": event_settings.to_local(event, event.registration_opens),
        "registration_closes": event_settings.to_local(event, event.registration_closes),
    }


@bp.route("/admin/event", methods=["GET", "POST"])
@require_role(ADMIN)
def event_settings_page():
    """Edit the event: name, place, days, languages and the registration window."""
    event = event_or_404()
    form = EventForm(data=_event_data(event) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            changed = event_settings.update_event(
                event,
                name=form.name.data,
                city=form.city.data,
                venue=form.venue.data or "",
                start_date=form.start_date.data,
                end_date=form.end_date.data,
                languages=form.languages.data,
                registration_opens=form.registration_opens.data,
                registration_closes=form.registration_closes.data,
                actor=current_user,
            )
        except event_settings.SettingsInvalid as exc:
            db.session.rollback()
            for name, messages in exc.errors.items():
                form[name].errors = list(form[name].errors) + messages
        else:
            db.session.commit()
            flash(_("Event saved.") if changed else _("Nothing to change."), "success")
            return redirect(url_for("dashboard.event_settings_page"))
    return _event_page(event, form, VenueMapForm())


def _event_page(event, form: EventForm, map_form: VenueMapForm):
    path = venue_map.map_path(event)
    return render_template(
        "dashboard/event.html",
        event=event,
        form=form,
        map_form=map_form,
        # The file's name changes with the map: a new name, a new image in the browser.
        map_version=path.stem.rpartition("-")[2] if path else None,
        window=event_settings.window(event),
        action=ActionForm(),
    ), 400 if form.errors or map_form.errors else 200


@bp.post("/admin/event/venue-map")
@require_role(ADMIN)
def venue_map_upload():
    """Store the venue's map printed on badge backs (replacing the old one)."""
    event = event_or_404()
    map_form = VenueMapForm()
    if map_form.validate_on_submit():
        try:
            venue_map.save_map(event, map_form.image.data.read(), actor=current_user)
        except venue_map.VenueMapError as exc:
            db.session.rollback()
            map_form.image.errors = list(map_form.image.errors) + [str(exc)]
        else:
            db.session.commit()
            flash(_("Venue map saved: badge backs printed from now on show it."), "success")
            return redirect(url_for("dashboard.event_settings_page") + "#venue-map")
    # The event form as saved: this request carries only the map.
    return _event_page(event, EventForm(formdata=None, data=_event_data(event)), map_form)


@bp.post("/admin/event/venue-map/remove")
@require_role(ADMIN)
def venue_map_remove():
    """Remove the venue's map: badge backs are printed without it."""
    event = event_or_404()
    if not ActionForm().validate_on_submit():
        abort(400)
    if venue_map.remove_map(event, actor=current_user):
        db.session.commit()
        flash(_("Venue map removed: badge backs printed from now on have none."), "success")
    return redirect(url_for("dashboard.event_settings_page") + "#venue-map")


@bp.get("/admin/event/venue-map.png")
@require_role(ADMIN)
def venue_map_image():
    """Show the venue's map as stored (404 when there is none)."""
    path = venue_map.map_path(event_or_404()) or abort(404)
    return private_file(path, "image/png", cache="private, no-cache")


@bp.post("/admin/event/close")
@require_role(ADMIN)
def close_registration():
    """Close public registration now."""
    event = event_or_404()
    if not ActionForm().validate_on_submit():
        abort(400)
    if event_settings.close_registration_now(event, actor=current_user):
        db.session.commit()
        flash(_("Registration is closed: the public form now says so."), "success")
    return redirect(url_for("dashboard.event_settings_page"))


@bp.post("/admin/event/open")
@require_role(ADMIN)
def open_registration():
    """Open public registration now, until an organizer closes it."""
    event = event_or_404()
    if not ActionForm().validate_on_submit():
        abort(400)
    if event_settings.open_registration_now(event, actor=current_user):
        db.session.commit()
        flash(_("Registration is open, with no closing date."), "success")
    return redirect(url_for("dashboard.event_settings_page"))


def _categories_page(form: CategoryForm, category: Category | None = None):
    # A first look at an empty table seeds the defaults: kept, so that their ids
    # (links of this page) exist on the next request.
    categories.ensure_default_categories()
    db.session.commit()
    if form.validate_on_submit():
        try:
            saved, reprints = categories.save_category(
                category,
                name=form.name.data,
                color=form.color.data,
                delegation_limit=form.delegation_limit.data,
                counts_toward_quota=form.counts_toward_quota.data,
                is_head=form.is_head.data,
                needs_confirmation=form.needs_confirmation.data,
                sort_order=form.sort_order.data,
                actor=current_user,
            )
        except categories.CategoryError as exc:
            db.session.rollback()
            form[exc.field].errors = list(form[exc.field].errors) + [exc.message]
        else:
            db.session.commit()
            message = _("Category %(name)s saved.", name=saved.name)
            if reprints:
                message += " " + ngettext(
                    "%(num)d approved badge is marked for reprint.",
                    "%(num)d approved badges are marked for reprint.",
                    reprints,
                )
            flash(message, "success")
            return redirect(url_for("dashboard.categories_page"))
    return render_template(
        "dashboard/categories.html",
        rows=categories.categories_in_use(),
        form=form,
        category=category,
        action=ActionForm(),
    ), 400 if form.errors else 200


@bp.route("/admin/categories", methods=["GET", "POST"])
@require_role(ADMIN)
def categories_page():
    """List the participant categories and add one."""
    return _categories_page(CategoryForm())


@bp.route("/admin/categories/<int:category_id>", methods=["GET", "POST"])
@require_role(ADMIN)
def category_edit(category_id: int):
    """Edit a category's name, colour, limit per delegation and flags."""
    category = db.session.get(Category, category_id) or abort(404)
    form = CategoryForm(obj=category if request.method == "GET" else None)
    return _categories_page(form, category)


@bp.post("/admin/categories/<int:category_id>/delete")
@require_role(ADMIN)
def category_delete(category_id: int):
    """Delete a category no registration uses."""
    category = db.session.get(Category, category_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    name = category.name
    try:
        categories.delete_category(category, actor=current_user)
    except categories.CategoryError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    else:
        db.session.commit()
        flash(_("Category %(name)s deleted.", name=name), "success")
    return redirect(url_for("dashboard.categories_page"))
