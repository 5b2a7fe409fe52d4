"""Bulk actions on the registrations list: what they do, refuse, and report."""

from sqlalchemy import select

from assembly.core.audit import AuditLog
from assembly.extensions import db
from assembly.registration.models import Participant
from tests import factories


def _states(ids):
    db.session.expire_all()
    rows = db.session.execute(
        select(Participant.id, Participant.state).where(Participant.id.in_(ids))
    )
    return dict(rows.all())


def test_bulk_approve_reports_partial_refusals_grouped(app, client, event, as_role):
    confirmed = [factories.make_participant(event, "FRA", state="confirmed").id for _ in range(2)]
    waiting = [factories.make_participant(event, "DEU", state="submitted").id for _ in range(3)]
    done = factories.make_participant(event, "ITA", state="approved").id
    as_role("officer")
    response = client.post(
        "/admin/registrations/bulk",
        data={"action": "approve", "scope": "selected", "ids": [*confirmed, *waiting, done]},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Approved: 2 registrations." in html
    assert "3 not confirmed by their focal point" in html
    assert "1 already approved" in html
    states = _states([*confirmed, *waiting, done])
    assert [states[i] for i in confirmed] == ["approved", "approved"]
    assert [states[i] for i in waiting] == ["submitted"] * 3


def test_bulk_reject_needs_a_reason_and_applies_it_to_the_whole_filtered_set(
    app, client, event, as_role
):
    french = [factories.make_participant(event, "FRA", state="submitted").id for _ in range(3)]
    german = factories.make_participant(event, "DEU", state="submitted").id
    as_role("officer")
    response = client.post(
        "/admin/registrations/bulk",
        data={"action": "reject", "scope": "all", "filters": "country=FRA", "reason": ""},
        follow_redirects=True,
    )
    assert "Give the reason" in response.get_data(as_text=True)
    assert set(_states(french).values()) == {"submitted"}

    response = client.post(
        "/admin/registrations/bulk",
        data={"action": "reject", "scope": "all", "filters": "country=FRA", "reason": "Late"},
        follow_redirects=True,
    )
    assert "Rejected: 3 registrations." in response.get_data(as_text=True)
    assert set(_states(french).values()) == {"rejected"}
    assert _states([german])[german] == "submitted"
    reasons = db.session.scalars(
        select(Participant.decision_reason).where(Participant.id.in_(french))
    )
    assert set(reasons) == {"Late"}
    assert (
        db.session.scalar(
            select(db.func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "registration.rejected")
        )
        == 3
    )


def test_bulk_reject_refuses_approved_registrations(app, client, event, as_role):
    approved = factories.make_participant(event, "FRA", state="approved").id
    submitted = factories.make_participant(event, "FRA", state="submitted").id
    as_role("admin")
    response = client.post(
        "/admin/registrations/bulk",
        data={
            "action": "reject",
            "scope": "selected",
            "ids": [approved, submitted],
            "reason": "No",
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Rejected: 1 registration." in html
    assert "1 already approved (revoke them instead)" in html
    assert _states([approved, submitted]) == {approved: "approved", submitted: "rejected"}


def test_bulk_actions_refuse_roles_without_the_right_and_change_nothing(
    app, client, event, as_role
):
    ids = [factories.make_participant(event, "CHN", state="confirmed").id for _ in range(2)]
    for role in ("focal_point", "checkin"):
        client.post("/logout")
        as_role(role)
        for action in ("approve", "reject", "print", "export_csv"):
            response = client.post(
                "/admin/registrations/bulk",
                data={"action": action, "scope": "all", "ids": ids, "reason": "x"},
            )
            assert response.status_code == 403, (role, action)
    assert set(_states(ids).values()) == {"confirmed"}


def test_bulk_export_of_selection_redirects_to_export_with_ids(app, client, event, as_role):
    ids = [factories.make_participant(event, "FRA").id for _ in range(2)]
    as_role("officer")
    response = client.post(
        "/admin/registrations/bulk",
        data={
            "action": "export_csv",
            "scope": "selected",
            "ids": ids,
            "filters": "state=submitted",
        },
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "/admin/registrations/export.csv" in location
    assert "state=submitted" in location and "ids=" in location
    body = client.get(location).get_data(as_text=True)
    assert body.count("@example.org") == 2


def test_bulk_without_selection_says_so(app, client, event, as_role):
    as_role("officer")
    response = client.post(
        "/admin/registrations/bulk",
        data={"action": "approve", "scope": "selected"},
        follow_redirects=True,
    )
    assert "Select at least one registration" in response.get_data(as_text=True)


def test_bulk_print_run_takes_approved_unprinted_badges_and_reports_the_rest(
    app, client, event, as_role
):
    from assembly.badges.models import Badge, PrintRun
    from assembly.core.db import utcnow

    ready = [factories.make_participant(event, "FRA", state="approved").id for _ in range(2)]
    printed = factories.make_participant(event, "FRA", state="approved").id
    waiting = factories.make_participant(event, "FRA", state="confirmed").id
    db.session.add(Badge(participant_id=printed, version=1, printed_at=utcnow()))
    db.session.commit()
    as_role("officer")
    response = client.post(
        "/admin/registrations/bulk",
        data={"action": "print", "scope": "all", "filters": "country=FRA"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Added to a print run: 2 registrations." in html
    assert "1 not approved" in html
    assert "1 badge already printed" in html
    db.session.expire_all()
    run = db.session.scalars(select(PrintRun)).one()
    assert sorted(run.participant_ids) == sorted(ready)
    assert run.total == 2
    assert waiting not in run.participant_ids
    # A selection prints as a run started from the badges page would, on sheets, front only.
    assert run.filters == {"selection": 2}
    assert (run.format, run.back_side, run.created_by.role) == ("a4-sheet", False, "officer")


def test_bulk_action_on_too_many_registrations_changes_nothing(
    app, client, event, as_role, monkeypatch
):
    from assembly.dashboard.views import registrations

    monkeypatch.setattr(registrations, "MAX_BULK", 2)
    ids = [factories.make_participant(event, "FRA", state="confirmed").id for _ in range(3)]
    as_role("officer")
    response = client.post(
        "/admin/registrations/bulk",
        data={"action": "approve", "scope": "all"},
        follow_redirects=True,
    )
    assert "at most 2 registrations at once" in response.get_data(as_text=True)
    assert set(_states(ids).values()) == {"confirmed"}
