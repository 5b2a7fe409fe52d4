"""The countries page: each member delegation's counts, quota, head and focal points."""

import io

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.core import audit
from assembly.core.http import private_file
from assembly.core.pdf import render_pdf
from assembly.core.security import ADMIN, OFFICER, require_role
from assembly.dashboard import queries
from assembly.dashboard.forms import QuotaForm
from assembly.dashboard.views import bp, event_or_404
from assembly.extensions import db
from assembly.registration.workflow.rules import SEATED


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
    held = sum(1 for p in participants if p.state in SEATED and p.category.counts_toward_quota)
    if held > delegation.quota:
        flash(
            _(
                "%(n)d seats are already confirmed or approved: nobody loses theirs, but no "
                "one else is confirmed until the delegation is under its quota.",
                n=held,
            ),
            "warning",
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
    name = f"participants-{delegation.country.iso3}.pdf"
    return private_file(io.BytesIO(pdf), "application/pdf", as_attachment=True, download_name=name)
