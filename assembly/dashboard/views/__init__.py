"""Pages of the dashboard area, one module per page family, all on one blueprint `bp`:

- overview.py: /admin, the organizers' figures and charts
- countries.py: /admin/countries, each delegation's counts, quota and participants (PDF list)
- registrations.py: /admin/registrations, the list, bulk actions and exports
- importer.py: /admin/import, participants from CSV/XLSX with a preview
- staff.py: /admin/users and /admin/audit (admins), plus the event archive
- settings.py: /admin/event and /admin/categories (admins), the event's set-up
"""

from flask import Blueprint

from assembly.dashboard.listing import state_label

bp = Blueprint("dashboard", __name__)


@bp.context_processor
def dashboard_helpers():
    """Give the dashboard's templates the translated state names."""
    return {"state_label": state_label}


def event_or_404():
    """Return the current event, or answer 404 when none is set up."""
    from flask import abort

    from assembly.core.event import current_event

    event = current_event()
    if event is None:
        abort(404)
    return event


from assembly.dashboard.views import (  # noqa: E402,F401  (register routes)
    countries,
    importer,
    overview,
    registrations,
    settings,
    staff,
)
