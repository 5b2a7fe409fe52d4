"""Delegation quota, category limits and the one Head of Delegation, alone and under
concurrent requests (threads against PostgreSQL, and against the SQLite file)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from assembly.accounts.models import User
from assembly.countries.services import delegation_for
from assembly.extensions import db
from assembly.registration import workflow
from assembly.registration.models import Participant
from tests import factories
from tests.registration import staff_fixtures

in_request = staff_fixtures.in_request
staff = staff_fixtures.staff
pytestmark = pytest.mark.usefixtures("in_request")


def _set_quota(event, iso3, quota):
    delegation_for(event, iso3).quota = quota
    db.session.commit()


def _count(event, iso3, **where):
    stmt = select(func.count(Participant.id)).where(
        Participant.delegation_id == delegation_for(event, iso3).id
    )
    for key, value in where.items():
        stmt = stmt.where(getattr(Participant, key) == value)
    return db.session.scalar(stmt)


def test_confirmation_past_the_quota_is_refused_naming_it(event, staff):
    _set_quota(event, "CHN", 2)
    factories.make_participant(event, "CHN", state="confirmed")
    factories.make_participant(event, "CHN", state="approved", category_name="Head of Delegation")
    extra = factories.make_participant(event, "CHN")
    with pytest.raises(workflow.QuotaExceeded) as refused:
        workflow.transition(extra, "confirmed", actor=staff["chn"])
    assert "The delegation of China has reached its quota of 2 confirmed delegates" in str(
        refused.value
    )
    db.session.rollback()
    assert db.session.get(Participant, extra.id).state == "submitted"


def test_other_categories_and_closed_registrations_take_no_quota_seat(event, staff):
    _set_quota(event, "CHN", 1)
    factories.make_participant(event, "CHN", state="approved", category_name="Guest")
    factories.make_participant(event, "CHN", state="withdrawn")
    factories.make_participant(event, "CHN", state="submitted")
    factories.make_participant(event, "ESP", state="confirmed")
    p = factories.make_participant(event, "CHN")
    workflow.transition(p, "confirmed", actor=staff["chn"])
    db.session.commit()
    assert _count(event, "CHN", state="confirmed") == 1


def test_a_category_limit_holds(event, staff):
    guest = factories.category("Guest")
    guest.delegation_limit = 1
    db.session.commit()
    factories.make_participant(event, "CHN", state="confirmed", category_name="Guest")
    second = factories.make_participant(event, "CHN", category_name="Guest")
    with pytest.raises(workflow.QuotaExceeded, match="limit of 1 confirmed participants"):
        workflow.transition(second, "confirmed", actor=staff["chn"])


def test_direct_approval_also_counts_the_category_limit(event, staff):
    media = factories.category("Media")
    media.delegation_limit = 0
    db.session.commit()
    p = factories.make_participant(event, "CHN", category_name="Media")
    with pytest.raises(workflow.QuotaExceeded):
        workflow.transition(p, "approved", actor=staff["officer"])


def test_confirming_a_head_of_delegation_names_them_head(event, staff):
    p = factories.make_participant(event, "CHN", category_name="Head of Delegation")
    workflow.transition(p, "confirmed", actor=staff["chn"])
    db.session.commit()
    assert db.session.get(Participant, p.id).is_head


def test_a_second_head_of_delegation_is_refused(event, staff):
    factories.make_participant(
        event, "CHN", state="confirmed", category_name="Head of Delegation", is_head=True
    )
    second = factories.make_participant(event, "CHN", category_name="Head of Delegation")
    with pytest.raises(workflow.QuotaExceeded, match="already has a Head of Delegation"):
        workflow.transition(second, "confirmed", actor=staff["chn"])


def test_naming_a_head_moves_the_flag_and_the_categories(event, staff):
    old = factories.make_participant(
        event, "CHN", state="approved", category_name="Head of Delegation", is_head=True
    )
    new = factories.make_participant(event, "CHN", state="confirmed")
    workflow.set_head_of_delegation(new, actor=staff["chn"])
    db.session.commit()
    db.session.expire_all()
    old, new = db.session.get(Participant, old.id), db.session.get(Participant, new.id)
    assert new.is_head and new.category.name == "Head of Delegation"
    assert not old.is_head and old.category.name == "Delegate"
    assert old.badge_changed_at is not None  # approved: its badge is reprinted
    assert _count(event, "CHN", is_head=True) == 1


def test_head_naming_rules(event, staff):
    guest = factories.make_participant(event, "CHN", category_name="Guest")
    with pytest.raises(workflow.InvalidTransition, match="Only a Head of Delegation or a Delegate"):
        workflow.set_head_of_delegation(guest, actor=staff["chn"])
    gone = factories.make_participant(event, "CHN", state="withdrawn")
    with pytest.raises(workflow.InvalidTransition):
        workflow.set_head_of_delegation(gone, actor=staff["chn"])
    other = factories.make_participant(event, "CHN")
    with pytest.raises(workflow.NotAllowed):
        workflow.set_head_of_delegation(other, actor=staff["esp"])
    with pytest.raises(workflow.NotAllowed):
        workflow.set_head_of_delegation(other, actor=staff["checkin"])


@pytest.mark.parametrize("to", ["withdrawn", "rejected"])
def test_a_closed_registration_loses_its_head_flag(event, staff, to):
    head = factories.make_participant(
        event, "CHN", state="confirmed", category_name="Head of Delegation", is_head=True
    )
    workflow.transition(head, to, actor=staff["chn"], reason="left the service")
    db.session.commit()
    assert not db.session.get(Participant, head.id).is_head


# --- concurrency ---------------------------------------------------------------------------


def _run_in_threads(app, job, items):
    """Run `job(item)` in one thread per item, all released at the same moment."""
    barrier = threading.Barrier(len(items))

    def run(item):
        with app.test_request_context():
            barrier.wait(timeout=30)
            try:
                job(item)
                db.session.commit()
                return "ok"
            except workflow.WorkflowError as exc:
                db.session.rollback()
                return type(exc).__name__
            finally:
                db.session.remove()

    with ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(run, items))


def _concurrent_confirmations(app, event, threads=20, quota=10):
    _set_quota(event, "CHN", quota)
    focal = factories.make_user("focal_point", country="CHN")
    ids = [factories.make_participant(event, "CHN").id for _ in range(threads)]

    def confirm(pid):
        user = db.session.get(User, focal.id)
        workflow.transition(db.session.get(Participant, pid), "confirmed", actor=user)

    results = _run_in_threads(app, confirm, ids)
    db.session.expire_all()
    return results


def _concurrent_heads(app, event, threads=10):
    focal = factories.make_user("focal_point", country="CHN")
    ids = [factories.make_participant(event, "CHN", state="confirmed").id for _ in range(threads)]

    def name_head(pid):
        user = db.session.get(User, focal.id)
        workflow.set_head_of_delegation(db.session.get(Participant, pid), actor=user)

    results = _run_in_threads(app, name_head, ids)
    db.session.expire_all()
    return results


def test_concurrent_confirmations_never_pass_the_quota_on_postgresql(pg_app, event):
    results = _concurrent_confirmations(pg_app, event)
    assert results.count("ok") == 10 and results.count("QuotaExceeded") == 10
    assert _count(event, "CHN", state="confirmed") == 10


def test_concurrent_head_namings_leave_exactly_one_head_on_postgresql(pg_app, event):
    results = _concurrent_heads(pg_app, event)
    assert set(results) <= {"ok", "QuotaExceeded"} and "ok" in results
    assert _count(event, "CHN", is_head=True) == 1


def test_concurrent_confirmations_never_pass_the_quota_on_either_database(app, event):
    # On SQLite a loser waits for the write lock, then counts what the winners wrote.
    results = _concurrent_confirmations(app, event, threads=12, quota=5)
    assert set(results) <= {"ok", "QuotaExceeded", "Busy"}
    assert results.count("ok") == 5
    assert _count(event, "CHN", state="confirmed") == 5


def test_concurrent_head_namings_leave_exactly_one_head_on_either_database(app, event):
    results = _concurrent_heads(app, event, threads=6)
    assert set(results) <= {"ok", "QuotaExceeded", "Busy"} and "ok" in results
    assert _count(event, "CHN", is_head=True) == 1
