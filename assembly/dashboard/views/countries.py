"""The countries page: each member delegation's counts, quota, head and focal points."""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.core import audit
from assembly.core.pdf import render_pdf
from assembly.core.security import ADMIN, OFFICER, require_role
from assembly.dashboard import bridges, queries
from assembly.dashboard.forms import QuotaForm
from assembly.dashboard.views import bp, event_or_404
from assembly.extensions import db


@bp.get("/admin/countries")
@require_role(OFFICER)
def countries():
    """List every member delegation, sortable by any column."""
    event = event_or_404()
    sort = request.args.get("sort", "name")
    descending = request.args.get("dir") == "desc"
    rows = queries.country_table(event, sort, descending)
    return render_template(
        "dashboard/countries.html",
        event=event,
        rows=rows,
        sort=sort,
        descending=descending,
        states=list(rows[0]["states"]) if rows else [],
        badges_known=bool(rows) and rows[0]["badges_known"],
    )


def _detail(iso3: str):
    event = event_or_404()
    found = queries.country_detail(event, iso3)
    if found is None:
        abort(404)
    return event, *found


@bp.get("/admin/countries/<iso3>")
@require_role(OFFICER)
def country(iso3: str):
    """Show one delegation: its participants and (for admins) its quota form."""
    event, delegation, participants = _detail(iso3)
    form = QuotaForm(quota=delegation.quota)
    return render_template(
        "dashboard/country.html",
        event=event,
        delegation=delegation,
        participants=participants,
        form=form,
        officer_view=bridges.officer_view_endpoint(),
    )


@bp.post("/admin/countries/<iso3>/quota")
@require_role(ADMIN)
def set_quota(iso3: str):
    """Change a delegation's quota (admins), keeping an audit record."""
    event, delegation, participants = _detail(iso3)
    form = QuotaForm()
    if not form.validate_on_submit():
        return render_template(
            "dashboard/country.html",
            event=event,
            delegation=delegation,
            participants=participants,
            form=form,
            officer_view=bridges.officer_view_endpoint(),
        ), 400
    before = delegation.quota
    if form.quota.data != before:
        delegation.quota = form.quota.data
        audit.record(
            "delegation.quota",
            delegation,
            before={"quota": before},
            after={"quota": delegation.quota},
            actor=current_user,
        )
        db.session.commit()
    flash(
        _("Quota of %(country)s: %(n)d.", country=delegation.country.name, n=delegation.quota),
        "success",
    )
    return redirect(url_for("dashboard.country", iso3=delegation.country.iso3))


@bp.get("/admin/countries/<iso3>/participants.pdf")
@require_role(OFFICER)
def country_pdf(iso3: str):
    """Download one delegation's participant list as PDF."""
    event, delegation, participants = _detail(iso3)
    pdf = render_pdf(
        "country_list.html",
        event=event,
        delegation=delegation,
        country=delegation.country,
        participants=participants,
    )
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="participants-{delegation.country.iso3}.pdf"'
    )
    return response
