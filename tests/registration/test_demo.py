"""The registration demo seed: about 600 people in every state and category, names in
many scripts, every delegation under its quota, reproducible and idempotent."""

import re
import time
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from assembly.extensions import db
from assembly.registration import credentials, demo
from assembly.registration.categories import DEFAULT_CATEGORIES
from assembly.registration.models import STATES, Participant
from assembly.registration.photos import photo_path

SCRIPTS = {
    "Chinese": r"[\u4e00-\u9fff]",
    "Arabic": r"[\u0600-\u06ff]",
    "Cyrillic": r"[\u0400-\u04ff]",
    "Devanagari": r"[\u0900-\u097f]",
    "Thai": r"[\u0e00-\u0e7f]",
}


def test_seed_makes_a_varied_demo_under_quota_in_seconds(app, event):
    started = time.perf_counter()
    lines = demo.seed(event)
    db.session.commit()
    elapsed = time.perf_counter() - started
    assert elapsed < 20
    people = db.session.scalars(
        select(Participant).options(
            joinedload(Participant.category), joinedload(Participant.delegation)
        )
    ).all()
    assert 550 <= len(people) <= 650
    assert f"{len(people)} participants" in lines[0]
    assert set(Counter(p.state for p in people)) == set(STATES)
    assert {p.category.name for p in people} == {c[0] for c in DEFAULT_CATEGORIES}
    natives = " ".join(p.native_name for p in people)
    for script, pattern in SCRIPTS.items():
        assert re.search(pattern, natives), script
    assert any(re.search(r"[éèçñãõüößłřšğı]", p.family_name + p.given_name) for p in people)
    countries = {p.delegation_id for p in people if p.delegation_id}
    assert len(countries) >= 150
    observers = {p.organization_name for p in people if p.delegation_id is None}
    assert {"UNODC", "Europol", "AFRIPOL", "ASEANAPOL"} <= observers
    heads = [p for p in people if p.is_head]
    assert len(heads) >= 100 and len({p.delegation_id for p in heads}) == len(heads)
    seats = Counter(
        p.delegation_id
        for p in people
        if p.delegation_id
        and p.category.counts_toward_quota
        and p.state in ("confirmed", "approved")
    )
    quotas = {p.delegation_id: p.delegation.quota for p in people if p.delegation_id}
    assert all(used <= quotas[d] - 2 for d, used in seats.items())
    waiting = [p for p in people if p.delegation and p.delegation.country.iso3 == "ESP"]
    assert any(p.state == "submitted" for p in waiting)  # work for the demo focal point
    assert all(p.title and p.position for p in people)
    assert photo_path(people[0]) is not None
    letters = {p.delegation_id for p in people if p.delegation and p.delegation.credentials_file}
    assert len(letters) >= 100
    some = next(p.delegation for p in people if p.delegation and p.delegation.credentials_file)
    assert credentials.check_pdf(credentials.credentials_path(some).read_bytes()) == 1


def test_seed_is_reproducible_and_idempotent(app, event):
    demo.seed(event)
    db.session.commit()
    first = db.session.scalars(select(Participant.email).order_by(Participant.id).limit(20)).all()
    count = db.session.scalar(select(func.count(Participant.id)))
    assert demo.seed(event) == [f"registrations: {count} already present, none added"]
    assert db.session.scalar(select(func.count(Participant.id))) == count
    db.session.execute(Participant.__table__.delete())
    db.session.commit()
    demo.seed(event)
    db.session.commit()
    again = db.session.scalars(select(Participant.email).order_by(Participant.id).limit(20)).all()
    assert again == first
