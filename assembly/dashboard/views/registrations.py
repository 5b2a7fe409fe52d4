"""The registrations list: search, filters, pages, bulk actions and exports."""

import io
from urllib.parse import parse_qs, urlencode

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from assembly.badges.tasks import render_print_run
from assembly.core.http import private_file
from assembly.core.security import OFFICER, require_role
from assembly.dashboard import bulk, exports, listing
from assembly.dashboard.forms import BulkForm
from assembly.dashboard.views import bp, event_or_404
from assembly.extensions import db
from assembly.registration.privacy import can_see_personal_data

# Each registration goes through the workflow (lock, audit, mail): a request
# stays within a web worker's time limit up to about this many.
MAX_BULK = 2000


@bp.get("/admin/registrations")
@require_role(OFFICER)
def registrations():
    """List the event's registrations, newest first, with search, filters and pages."""
    event = event_or_404()
    filters = listing.Filters.from_args(request.args)
    result = listing.page(event, filters, current_user)
    form = BulkForm(filters=urlencode(filters.args(page=1)))
    return render_template(
        "dashboard/registrations.html",
        event=event,
        filters=filters,
        result=result,
        choices=listing.choices(),
        form=form,
        personal=can_see_personal_data(current_user),
    )


def _selection_ids(values) -> list[int]:
    ids = []
    for value in values:
        for part in str(value).split(","):
            if part.strip().isdigit():
                ids.append(int(part))
    return ids[:50000]


def _filters_from(query: str) -> listing.Filters:
    return listing.Filters.from_args(MultiDict(parse_qs(query or "", keep_blank_values=False)))


@bp.post("/admin/registrations/bulk")
@require_role(OFFICER)
def bulk_action():
    """Run a bulk action on the selected registrations or on the whole filtered list."""
    event = event_or_404()
    form = BulkForm()
    filters = _filters_from(form.filters.data)
    back = url_for("dashboard.registrations", **filters.args())
    if not form.validate_on_submit():
        flash(_("The action could not be read; try again."), "danger")
        return redirect(back)
    ids = None
    if form.scope.data == "selected":
        ids = _selection_ids(request.form.getlist("ids"))
        if not ids:
            flash(
                _("Select at least one registration, or apply the action to all filtered."),
                "warning",
            )
            return redirect(back)
    action = form.action.data
    if action in ("export_csv", "export_xlsx"):
        endpoint = "dashboard.export_" + action.removeprefix("export_")
        extra = {"ids": ",".join(map(str, ids))} if ids else {}
        return redirect(url_for(endpoint, **filters.args(page=1), **extra))
    stmt = listing.filtered(event, filters, current_user, ids=ids)
    participants = db.session.scalars(stmt.limit(MAX_BULK + 1)).unique().all()
    if len(participants) > MAX_BULK:
        flash(
            _(
                "A bulk action takes at most %(n)d registrations at once; narrow the filters "
                "and run it again. Nothing was changed.",
                n=MAX_BULK,
            ),
            "warning",
        )
        return redirect(back)
    try:
        if action == "approve":
            label = _("Approved")
            result = bulk.approve(participants, current_user)
        elif action == "reject":
            label = _("Rejected")
            result = bulk.reject(participants, current_user, form.reason.data or "")
        else:
            label = _("Added to a print run")
            result = bulk.add_to_print_run(event, participants, current_user)
    except bulk.BulkNotAllowed as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back)
    db.session.commit()
    if result.print_run_id is not None:
        render_print_run(result.print_run_id)
    flash(bulk.summary(label, result), "success" if not result.refused else "warning")
    return redirect(back)


def _export_selection():
    event = event_or_404()
    filters = listing.Filters.from_args(request.args)
    ids = _selection_ids([request.args.get("ids", "")]) if request.args.get("ids") else None
    return event, filters, ids


def _download(data: bytes, mimetype: str, name: str):
    # Personal data: never kept by a shared cache.
    return private_file(io.BytesIO(data), mimetype, as_attachment=True, download_name=name)


@bp.get("/admin/registrations/export.csv")
@require_role(OFFICER)
def export_csv():
    """Download the filtered list as CSV, with the columns the user may see."""
    event, filters, ids = _export_selection()
    data = exports.registrations_csv(event, filters, current_user, ids)
    return _download(data, "text/csv; charset=utf-8", f"registrations-{event.number}.csv")


@bp.get("/admin/registrations/export.xlsx")
@require_role(OFFICER)
def export_xlsx():
    """Download the filtered list as an XLSX workbook."""
    event, filters, ids = _export_selection()
    data = exports.registrations_xlsx(event, filters, current_user, ids)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(data, mimetype, f"registrations-{event.number}.xlsx")
