"""The programme booklet: the published agenda as a PDF made by WeasyPrint.

Cover, one section per day, an index of speakers and chairs with the pages
they appear on, each page once: the sessions are laid out first (the index
comes after them, so it moves none), their pages read, and the booklet is then
rendered with the index's numbers written in (CSS `target-counter()` would
repeat a page for every session on it). Rendering takes seconds, so the PDF is
kept on disk under the digest of its HTML: the same agenda is rendered once,
and any change to it (a title, a room, a name) makes a new one.
"""

import hashlib
import os
from pathlib import Path

from flask import current_app, render_template

from assembly.agenda.listing import event_days, session_view, sessions_query
from assembly.core.pdf import anchor_pages, html_to_pdf
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
            if s["id"] not in entry["sessions"]:
                entry["sessions"].append(s["id"])
    people = sorted(index.values(), key=lambda p: p["name"].casefold())
    return {"event": event, "days": [d for d in days if d["sessions"]], "people": people}


def _pages(session_ids: list[int], pages: dict[str, int]) -> list[dict]:
    """Return each page the sessions are on, once, with the first session there to link to."""
    found: dict[int, str] = {}
    for session_id in session_ids:
        anchor = f"s{session_id}"
        if anchor in pages:
            found.setdefault(pages[anchor], anchor)
    return [{"page": page, "anchor": anchor} for page, anchor in sorted(found.items())]


def cache_folder() -> Path:
    """Return the folder of rendered booklets (beside the upload folder)."""
    return Path(current_app.config["UPLOAD_DIR"]).parent / "cache"


def programme_pdf(event) -> bytes:
    """Return the programme booklet of the published agenda, rendered once per content."""
    data = programme_data(event)
    # The key: everything the booklet shows (the index's page numbers follow from it).
    html = render_template("pdf/programme.html", **data)
    digest = hashlib.sha256(html.encode()).hexdigest()[:32]
    folder = cache_folder()
    path = folder / f"programme-{event.id}-{digest}.pdf"
    if path.is_file():
        return path.read_bytes()
    pages = anchor_pages(render_template("pdf/programme.html", **{**data, "people": []}))
    for person in data["people"]:
        person["pages"] = _pages(person["sessions"], pages)
    pdf = html_to_pdf(render_template("pdf/programme.html", **data))
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pdf)
    partial.replace(path)  # atomic: a concurrent reader sees the whole file or none
    for old in folder.glob(f"programme-{event.id}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return pdf
