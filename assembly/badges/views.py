"""Pages of the badges area: print runs, the pick-up desk, previews and check-in."""

import hashlib
from datetime import timedelta
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from assembly.badges import assets, engine, printing, render, runs, services
from assembly.badges import checkin as door
from assembly.badges.forms import ActionForm, PrintOneForm, PrintRunForm, ScanForm
from assembly.badges.models import DONE, FAILED, QUEUED, PrintRun
from assembly.core.db import utcnow
from assembly.core.event import current_event
from assembly.core.http import private_file
from assembly.core.security import CHECKIN, OFFICER, require_role
from assembly.extensions import db
from assembly.registration.categories import ensure_default_categories
from assembly.registration.models import Participant

bp = Blueprint("badges", __name__)
# Report entries of names no font can draw (the others: photos, superseded versions).
FONT_FIELDS = ("printed_name", "native_name")
# A run queued longer than this says that no worker has picked it up.
QUEUED_HINT = timedelta(seconds=30)


def _event():
    event = current_event()
    if event is None:
        abort(404)
    return event


def _enqueue(run_id: int) -> None:
    from assembly.badges.tasks import render_print_run

    render_print_run(run_id)


@bp.route("/admin/badges", methods=["GET", "POST"])
@require_role(OFFICER)
def index():
    """Choose badges and start a print run; list the latest runs."""
    event = _event()
    form = PrintRunForm()
    form.category.choices = [("", _("All categories"))] + [
        (c.name, c.name) for c in ensure_default_categories()
    ]
    if form.validate_on_submit():
        filters = {
            "country": (form.country.data or "").upper() or None,
            "category": form.category.data or None,
            "never_printed": form.never_printed.data,
            "changed": form.changed.data,
        }
        try:
            run = services.start_print_run(
                event, current_user, filters, form.format.data, form.back_side.data
            )
        except services.BadgeError as exc:
            form.country.errors = [*form.country.errors, str(exc)]
        else:
            db.session.commit()
            _enqueue(run.id)
            flash(_("Print run %(id)s started: %(n)s badges.", id=run.id, n=run.total), "success")
            return redirect(url_for("badges.index"))
    latest = _checked(services.run_summary(event))
    return render_template(
        "badges/index.html",
        form=form,
        counts=services.counts(event),
        runs=[_run_view(r) for r in latest],
        action=ActionForm(),
    )


def _checked(latest: list[PrintRun]) -> list[PrintRun]:
    """Count runs whose worker stopped as failed (so they can be retried); commit if any."""
    if any([runs.fail_if_stalled(r) for r in latest]):
        db.session.commit()
    return latest


def _run_view(run: PrintRun) -> dict:
    """Return what the page shows of a run (plain data)."""
    percent = int(100 * run.progress / run.total) if run.total else 0
    now = utcnow()
    return {
        "id": run.id,
        "state": run.state,
        "format": run.format,
        "back_side": run.back_side,
        "filters": run.filters,
        "total": run.total,
        "progress": run.progress,
        "printed": run.printed,
        "percent": 100 if run.state == DONE else percent,
        "error": run.error,
        "report": [r for r in run.report or [] if r.get("field") in FONT_FIELDS],
        "superseded": [r for r in run.report or [] if r.get("field") == "version"],
        "photos": [r for r in run.report or [] if r.get("field") == "photo"],
        "created_by": run.created_by.email if run.created_by else "",
        "created_at": run.event.to_local(run.created_at) if run.created_at else None,
        "finished": run.state in (DONE, FAILED),
        "download": run.state == DONE and bool(run.file),
        # Queued for a while: no worker is taking jobs (or all are busy).
        "waiting": run.state == QUEUED and runs.is_late(run, now, QUEUED_HINT),
        # Queued for long: its job may be lost; queueing it again is harmless.
        "requeue": run.state == QUEUED and runs.is_late(run, now, runs.stale_after()),
    }


def _get_run(run_id: int) -> PrintRun:
    run = db.session.get(PrintRun, run_id)
    if run is None:
        abort(404)
    return run


@bp.get("/admin/badges/runs/<int:run_id>/status")
@require_role(OFFICER)
def run_status(run_id: int):
    """Return the run's progress fragment (polled by htmx until it is finished)."""
    (run,) = _checked([_get_run(run_id)])
    return render_template("badges/_run.html", run=_run_view(run), action=ActionForm())


@bp.get("/admin/badges/runs/<int:run_id>/download")
@require_role(OFFICER)
def download(run_id: int):
    """Send a finished run's PDF."""
    path = printing.run_file(_get_run(run_id))
    if path is None:
        abort(404)
    return private_file(path, "application/pdf", as_attachment=True)


@bp.post("/admin/badges/runs/<int:run_id>/retry")
@require_role(OFFICER)
def retry(run_id: int):
    """Queue a failed (or stalled, or long-queued) run again."""
    run = _get_run(run_id)
    if ActionForm().validate_on_submit():
        try:
            runs.prepare_retry(run)
        except services.BadgeError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            _enqueue(run.id)
            flash(_("Print run %(id)s queued again.", id=run.id), "success")
    return redirect(url_for("badges.index"))


@bp.get("/admin/badges/pickup")
@require_role(OFFICER)
def pickup():
    """The pick-up desk: find a person by name or QR code, compare the photo, hand over."""
    event = _event()
    query = request.args.get("q", "").strip()[:200]
    people = services.find_for_pickup(event, query) if query else []
    badges = services.badges_by_participant([p.id for p in people])
    rows = []
    for person in people:
        badge = badges.get(person.id)
        rows.append(
            {
                "id": person.id,
                "name": person.printed_name,
                "native_name": person.native_name,
                "full_name": person.full_name,
                "country": person.delegation.country.name
                if person.delegation
                else person.organization_name,
                "category": person.category.name,
                "state": person.state,
                "photo": bool(person.photo),
                "printed": badge is not None and badge.printed_at is not None,
                # Printed before its data changed: the printed badge is out of date.
                "changed": badge is not None
                and badge.printed_at is not None
                and person.badge_changed_at is not None
                and person.badge_changed_at > badge.printed_at,
                "collected_at": event.to_local(badge.collected_at)
                if badge and badge.collected_at
                else None,
                "version": badge.version if badge else None,
            }
        )
    return render_template(
        "badges/pickup.html", query=query, rows=rows, action=ActionForm(), print_form=PrintOneForm()
    )


def _participant(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        abort(404)
    return participant


@bp.post("/admin/badges/pickup/<int:participant_id>/collect")
@require_role(OFFICER)
def collect(participant_id: int):
    """Mark a badge handed over."""
    participant = _participant(participant_id)
    if ActionForm().validate_on_submit():
        try:
            services.collect(participant, current_user)
        except services.BadgeError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("Badge of %(name)s handed over.", name=participant.printed_name), "success")
    return redirect(url_for("badges.pickup", q=request.form.get("q", "")))


@bp.post("/admin/badges/pickup/<int:participant_id>/reprint")
@require_role(OFFICER)
def reprint(participant_id: int):
    """Replace a lost or damaged badge: the old QR code is refused from now on."""
    participant = _participant(participant_id)
    if ActionForm().validate_on_submit():
        try:
            badge = services.reprint(participant, current_user)
        except services.BadgeError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(
                _(
                    "Badge of %(name)s will be reprinted as version %(v)s; the old one is "
                    "refused at the door from now on. Print it now with “Print this badge "
                    "now”.",
                    name=participant.printed_name,
                    v=badge.version,
                ),
                "warning",
            )
    return redirect(url_for("badges.pickup", q=request.form.get("q", "")))


@bp.post("/admin/badges/pickup/<int:participant_id>/print")
@require_role(OFFICER)
def print_one(participant_id: int):
    """Print one badge now (after a reprint, a change, or never printed): a one-badge run.

    Rendered here, not in the worker: one badge takes some 30 ms. Like every
    run, it is marked printed only once its PDF exists.
    """
    participant = _participant(participant_id)
    form = PrintOneForm()
    if form.back.data == "registration":
        back = url_for("registration.officer_view", participant_id=participant.id)
    else:
        back = url_for("badges.pickup", q=form.q.data or "")
    if not form.validate_on_submit():
        flash(_("The form expired: try again."), "danger")
        return redirect(back)
    try:
        run = services.print_one(_event(), current_user, participant, form.format.data)
    except services.BadgeError as exc:
        flash(str(exc), "danger")
        return redirect(back)
    db.session.commit()
    run = printing.execute(run.id, workers=1)
    if run.state != DONE:
        flash(_("The badge could not be printed: %(error)s", error=run.error), "danger")
        return redirect(back)
    flash(
        Markup('{} <a class="alert-link" href="{}" target="_blank">{}</a>').format(
            _("Badge of %(name)s printed.", name=participant.printed_name),
            url_for("badges.download", run_id=run.id),
            _("Download the PDF"),
        ),
        "success",
    )
    return redirect(back)


@bp.get("/admin/registrations/<int:participant_id>/badge.png")
@require_role(OFFICER)
def preview(participant_id: int):
    """Show the participant's badge as an image (cached until the badge changes)."""
    participant = _participant(participant_id)
    # The QR code needs the badge's id: the first preview creates the (unprinted) badge.
    badge = services.ensure_badge(participant)
    db.session.commit()
    key = hashlib.sha256(
        f"{participant.id}:{badge.version}:{participant.updated_at}:{participant.photo}:"
        f"{participant.category_id}".encode()
    ).hexdigest()[:24]
    folder = Path(current_app.config["UPLOAD_DIR"]) / printing.PREVIEW_DIR
    path = folder / f"{participant.id}-{key}.png"
    if not path.is_file():
        png = engine.pdf_to_png(render.render_badge_pdf(participant, badge))
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{participant.id}-*.png"):
            old.unlink(missing_ok=True)
        path.write_bytes(png)
    return private_file(path, "image/png", cache="private, no-cache")


@bp.get("/admin/badges/photo/<int:participant_id>")
@require_role(OFFICER, CHECKIN)
def photo(participant_id: int):
    """Send the badge-sized photo of a participant, for the door and the pick-up desk."""
    participant = _participant(participant_id)
    if not participant.photo:
        abort(404)
    upload = current_app.config["UPLOAD_DIR"]
    if not assets.make_thumbnail(upload, participant.photo):
        abort(404)
    path = Path(upload) / assets.THUMB_DIR / participant.photo
    return private_file(path, "image/jpeg", cache="private, max-age=300")


@bp.route("/checkin", methods=["GET", "POST"])
@require_role(CHECKIN)
def checkin():
    """Scan badges at the door: one input for a USB scanner, a camera button."""
    event = _event()
    form = ScanForm()
    form.room.choices = [("", _("Main entrance (no room)"))] + [
        (name, name) for name in door.room_names(event)
    ]
    result = None
    if form.validate_on_submit():
        result = door.scan(event, form.token.data, current_user, form.room.data or "")
        db.session.commit()
    elif request.method == "POST":
        errors = [*form.token.errors, *form.room.errors]
        result = {"verdict": "error", "message": "; ".join(str(e) for e in errors)}
    template = (
        "badges/_verdict.html" if request.headers.get("HX-Request") else "badges/checkin.html"
    )
    return render_template(
        template, form=form, result=result, today=services.local_day(event), event=event
    )
