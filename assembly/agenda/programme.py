"""The programme booklet: the published agenda as a PDF made by WeasyPrint.

Cover, one section per day, an index of speakers and chairs whose page
numbers WeasyPrint fills in with `target-counter()`.
"""

from assembly.agenda.listing import event_days, session_view, sessions_query
from assembly.core.pdf import render_pdf
from assembly.extensions import db


def programme_data(event) -> dict:
    """Return the booklet's plain data: days with their sessions, and the people's index."""
    sessions = [session_view(event, s) for s in db.session.scalars(sessions_query(event))]
    days = [
        {"date": day, "sessions": [s for s in sessions if s["day"] == day]}
        for day in event_days(event)
    ]
    index: dict[str, dict] = {}
    for s in sessions:
        for person in s["chairs"] + s["speakers"]:
            entry = index.setdefault(
                person["name"],
                {"name": person["name"], "affiliation": person["affiliation"], "sessions": []},
            )
            entry["sessions"].append(s["id"])
    people = sorted(index.values(), key=lambda p: p["name"].casefold())
    return {"event": event, "days": [d for d in days if d["sessions"]], "people": people}


def programme_pdf(event) -> bytes:
    """Render the programme booklet of the published agenda."""
    return render_pdf("programme.html", **programme_data(event))
