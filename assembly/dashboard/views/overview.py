"""The organizers' overview at /admin."""

from flask import render_template

from assembly.core.security import OFFICER, require_role
from assembly.dashboard import queries
from assembly.dashboard.views import bp, event_or_404


@bp.get("/admin")
@require_role(OFFICER)
def overview():
    """Show the event's figures: registrations, coverage, outreach, agenda and door."""
    event = event_or_404()
    figures = queries.overview(event)
    chart = {
        "labels": [d["day"] for d in figures["per_day"]],
        "values": [d["count"] for d in figures["per_day"]],
    }
    states_chart = {
        "labels": list(figures["by_state"]),
        "values": list(figures["by_state"].values()),
    }
    entries_chart = {
        "labels": [e["day"] for e in figures["entries"]],
        "values": [e["entries"] for e in figures["entries"]],
    }
    return render_template(
        "dashboard/overview.html",
        event=event,
        f=figures,
        chart=chart,
        states_chart=states_chart,
        entries_chart=entries_chart,
    )
