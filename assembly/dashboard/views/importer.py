"""Import of participants from CSV or XLSX: upload, preview with each row's errors, confirm."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.core.security import FOCAL_POINT, OFFICER, has_role, require_role
from assembly.dashboard import imports
from assembly.dashboard.forms import ImportConfirmForm, ImportUploadForm
from assembly.dashboard.views import bp, event_or_404
from assembly.extensions import db


def _own_country() -> str | None:
    # Officers and admins import for any delegation; a focal point for their own only.
    if has_role(current_user, OFFICER):
        return None
    return current_user.country.iso3


@bp.route("/admin/import", methods=["GET", "POST"])
@require_role(FOCAL_POINT, OFFICER)
def import_upload():
    """Take a CSV or XLSX file of participants and keep it for the preview."""
    event_or_404()
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            token = imports.store_upload(
                upload.read(), upload.filename or "", current_user, _own_country()
            )
            # A file that cannot be read at all is refused here, next to the field.
            _check_readable(token)
        except imports.ImportFileError as exc:
            form.file.errors.append(str(exc))
        else:
            return redirect(url_for("dashboard.import_preview", token=token))
    return render_template(
        "dashboard/import_upload.html",
        form=form,
        own_country=_own_country(),
        columns=imports.COLUMNS,
    ), 400 if form.errors else 200


def _check_readable(token: str) -> None:
    data = imports.open_token(token, current_user)
    try:
        imports.read_rows(data["path"])
    except imports.ImportFileError:
        imports.discard(data)
        raise


def _checked(event, token: str):
    data = imports.open_token(token, current_user)
    rows = imports.read_rows(data["path"])
    imports.check_rows(event, rows, current_user, data.get("country"))
    return data, rows


@bp.get("/admin/import/preview")
@require_role(FOCAL_POINT, OFFICER)
def import_preview():
    """Show every row of the uploaded file with its errors; offer to import a clean file."""
    event = event_or_404()
    token = request.args.get("token", "")
    try:
        _data, rows = _checked(event, token)
    except imports.ImportFileError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("dashboard.import_upload"))
    errors = sum(1 for r in rows if r.errors)
    return render_template(
        "dashboard/import_preview.html",
        rows=rows,
        errors=errors,
        form=ImportConfirmForm(token=token),
        columns=[c for c in imports.COLUMNS if any(r.values.get(c) for r in rows)],
    )


@bp.post("/admin/import/confirm")
@require_role(FOCAL_POINT, OFFICER)
def import_confirm():
    """Import every row of a clean file in one transaction, or none."""
    event = event_or_404()
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("The import could not be confirmed; upload the file again."), "danger")
        return redirect(url_for("dashboard.import_upload"))
    try:
        data, rows = _checked(event, form.token.data)
        created = imports.import_rows(event, rows, current_user, notify=form.notify.data)
    except imports.ImportFileError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("dashboard.import_preview", token=form.token.data))
    db.session.commit()
    imports.discard(data)
    flash(_("%(n)d participants imported.", n=len(created)), "success")
    if has_role(current_user, OFFICER):
        return redirect(url_for("dashboard.registrations"))
    return redirect(url_for("dashboard.import_upload"))
