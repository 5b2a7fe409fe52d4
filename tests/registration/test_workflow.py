"""The accreditation workflow: every transition, its mail and audit entry, refusals and roles."""

import pytest
from sqlalchemy import select

from assembly.core.audit import AuditLog
from assembly.extensions import db
from assembly.registration import workflow
from assembly.registration.models import Participant
from tests import factories
from tests.registration import staff_fixtures

in_request = staff_fixtures.in_request
staff = staff_fixtures.staff

pytestmark = pytest.mark.usefixtures("in_request")


def _audit(participant_id):
    return db.session.scalars(
        select(AuditLog).where(AuditLog.participant_id == participant_id).order_by(AuditLog.id)
    ).all()


def _commit_and_reload(participant):
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Participant, participant.id)


def test_focal_point_confirms_then_officer_approves_with_mail_and_audit(event, staff, outbox):
    p = factories.make_participant(event, "CHN", language="fr")
    workflow.transition(p, "confirmed", actor=staff["chn"])
    p = _commit_and_reload(p)
    assert p.state == "confirmed"
    mail = outbox(p.email)[-1]
    assert mail.kind == "registration_confirmed" and mail.language == "fr"
    assert "/my/" in mail.body_text

    workflow.transition(p, "approved", actor=staff["officer"])
    p = _commit_and_reload(p)
    assert p.state == "approved" and p.approved_at is not None
    mail = outbox(p.email)[-1]
    assert mail.kind == "registration_approved" and "/my/" in mail.body_text

    entries = _audit(p.id)
    assert [e.action for e in entries] == ["registration.confirmed", "registration.approved"]
    assert entries[0].before["state"] == "submitted" and entries[0].after["state"] == "confirmed"
    assert entries[0].actor_id == staff["chn"].id and entries[1].actor_id == staff["officer"].id


def test_officer_rejects_with_reason_the_delegate_reads(event, staff, outbox):
    p = factories.make_participant(event, "CHN")
    workflow.transition(p, "rejected", actor=staff["officer"], reason="Not a police officer")
    p = _commit_and_reload(p)
    assert p.state == "rejected" and p.decision_reason == "Not a police officer"
    mail = outbox(p.email)[-1]
    assert mail.kind == "registration_rejected" and "Not a police officer" in mail.body_text
    assert _audit(p.id)[-1].reason == "Not a police officer"


@pytest.mark.parametrize("state", ["submitted", "confirmed"])
def test_officer_revokes_before_approval_too(event, staff, outbox, state):
    # "Revoked (by an officer) from any open state": an impostor is stopped early.
    p = factories.make_participant(event, "CHN", state=state)
    workflow.transition(p, "revoked", actor=staff["officer"], reason="Forged nomination")
    p = _commit_and_reload(p)
    assert p.state == "revoked"
    assert outbox(p.email)[-1].kind == "registration_revoked"


def test_reject_and_revoke_need_a_reason(event, staff):
    p = factories.make_participant(event, "CHN", state="approved")
    with pytest.raises(workflow.WorkflowError, match="reason"):
        workflow.transition(p, "revoked", actor=staff["officer"], reason="  ")
    q = factories.make_participant(event, "CHN")
    with pytest.raises(workflow.WorkflowError, match="reason"):
        workflow.transition(q, "rejected", actor=staff["officer"])


def test_officer_revokes_an_approved_accreditation(event, staff, outbox):
    p = factories.make_participant(event, "CHN", state="approved", is_head=True)
    workflow.transition(p, "revoked", actor=staff["officer"], reason="Security concern")
    p = _commit_and_reload(p)
    assert p.state == "revoked" and not p.is_head
    assert p.decision_reason == "Security concern"
    mail = outbox(p.email)[-1]
    assert mail.kind == "registration_revoked" and "Security concern" in mail.body_text


def test_focal_point_declines_its_own_country_with_a_reason(event, staff, outbox):
    p = factories.make_participant(event, "CHN", state="confirmed")
    workflow.transition(p, "rejected", actor=staff["chn"], reason="Not part of our delegation")
    p = _commit_and_reload(p)
    assert p.state == "rejected"
    assert outbox(p.email)[-1].kind == "registration_rejected"
    assert _audit(p.id)[-1].actor_id == staff["chn"].id


@pytest.mark.parametrize("state", ["submitted", "confirmed", "approved"])
def test_delegate_withdraws_from_any_open_state(event, outbox, state):
    p = factories.make_participant(event, "CHN", state=state, is_head=True)
    workflow.transition(p, "withdrawn", actor=None, actor_label="delegate")
    p = _commit_and_reload(p)
    assert p.state == "withdrawn" and not p.is_head
    assert outbox(p.email)[-1].kind == "registration_withdrawn"
    entry = _audit(p.id)[-1]
    assert entry.actor_id is None and entry.actor_label == "delegate"


def test_category_without_confirmation_goes_straight_to_approval(event, staff):
    p = factories.make_participant(event, "CHN", category_name="Observer")
    assert workflow.allowed_targets(p, staff["officer"]) == ["approved", "rejected", "revoked"]
    with pytest.raises(workflow.InvalidTransition, match="needs no confirmation"):
        workflow.transition(p, "confirmed", actor=staff["chn"])
    workflow.transition(p, "approved", actor=staff["officer"])
    assert _commit_and_reload(p).state == "approved"


def test_organization_observer_is_approved_without_a_focal_point(event, staff):
    p = factories.make_participant(event, None, organization_name="Europol")
    workflow.transition(p, "approved", actor=staff["officer"])
    assert _commit_and_reload(p).state == "approved"


@pytest.mark.parametrize(
    ("state", "to"),
    [
        ("withdrawn", "revoked"),
        ("confirmed", "confirmed"),
        ("approved", "approved"),
        ("approved", "rejected"),
        ("rejected", "approved"),
        ("withdrawn", "confirmed"),
        ("revoked", "approved"),
        ("rejected", "withdrawn"),
    ],
)
def test_invalid_transitions_are_refused_with_a_message(event, staff, state, to):
    p = factories.make_participant(event, "CHN", state=state)
    with pytest.raises(workflow.InvalidTransition) as refused:
        workflow.transition(p, to, actor=staff["admin"], reason="because")
    assert "cannot become" in str(refused.value)
    assert _commit_and_reload(p).state == state
    assert _audit(p.id) == []


@pytest.mark.parametrize("who", ["admin", "officer", "chn", "delegate"])
@pytest.mark.parametrize("to", ["submitted", "banana"])
def test_a_state_no_one_may_enter_is_an_invalid_transition_for_every_role(event, staff, who, to):
    p = factories.make_participant(event, "CHN", state="confirmed")
    actor = None if who == "delegate" else staff[who]
    with pytest.raises(workflow.InvalidTransition, match="No registration can become"):
        workflow.transition(p, to, actor=actor, actor_label="delegate", reason="x")


def test_officer_cannot_approve_before_the_focal_point_confirms(event, staff):
    p = factories.make_participant(event, "CHN")
    with pytest.raises(workflow.InvalidTransition, match="focal point"):
        workflow.transition(p, "approved", actor=staff["officer"])


@pytest.mark.parametrize(
    ("who", "state", "to"),
    [
        ("esp", "submitted", "confirmed"),  # another country's focal point
        ("esp", "confirmed", "rejected"),
        ("esp", "submitted", "withdrawn"),
        ("chn", "confirmed", "approved"),  # focal points do not approve
        ("chn", "approved", "revoked"),
        ("officer", "submitted", "confirmed"),  # officers do not confirm
        ("officer", "approved", "withdrawn"),
        ("checkin", "confirmed", "approved"),
        ("delegate", "confirmed", "approved"),  # the delegate may only withdraw
        ("delegate", "submitted", "confirmed"),
    ],
)
def test_roles_are_checked(event, staff, who, state, to):
    p = factories.make_participant(event, "CHN", state=state)
    actor = None if who == "delegate" else staff[who]
    assert not workflow.can_transition(p, to, actor)
    with pytest.raises(workflow.NotAllowed):
        workflow.transition(p, to, actor=actor, actor_label="delegate", reason="x")
    assert _commit_and_reload(p).state == state


def test_allowed_targets_per_role(event, staff):
    p = factories.make_participant(event, "CHN")
    assert workflow.allowed_targets(p, staff["chn"]) == ["confirmed", "rejected", "withdrawn"]
    assert workflow.allowed_targets(p, staff["esp"]) == []
    assert workflow.allowed_targets(p, staff["officer"]) == ["rejected", "revoked"]
    assert workflow.allowed_targets(p, None) == ["withdrawn"]
    approved = factories.make_participant(event, "CHN", state="approved")
    assert workflow.allowed_targets(approved, staff["officer"]) == ["revoked"]
    assert workflow.allowed_targets(approved, staff["admin"]) == ["revoked", "withdrawn"]


def test_badge_edit_after_approval_goes_back_for_approval(event, staff, outbox):
    p = factories.make_participant(event, "CHN", state="approved")
    p.badge_name = "Xiaoming WANG"
    workflow.badge_fields_changed(p, {"badge_name"})
    p = _commit_and_reload(p)
    assert p.state == "confirmed" and p.badge_changed_at is not None
    assert outbox(p.email)[-1].kind == "registration_changed_back"
    entry = _audit(p.id)[-1]
    assert entry.action == "registration.sent_back" and entry.before == {"state": "approved"}


def test_category_change_after_approval_needs_a_new_confirmation(event, staff):
    p = factories.make_participant(event, "CHN", state="approved", category_name="Guest")
    p.category = factories.category("Delegate")
    workflow.badge_fields_changed(p, {"category"})
    assert _commit_and_reload(p).state == "submitted"


def test_non_badge_edit_changes_nothing(event, outbox):
    p = factories.make_participant(event, "CHN", state="approved", badge_name="X Y")
    workflow.badge_fields_changed(p, {"phone", "dietary", "given_name"})
    p = _commit_and_reload(p)
    assert p.state == "approved" and p.badge_changed_at is None
    assert outbox(p.email) == []


def test_photo_change_before_approval_only_marks_the_badge(event, outbox):
    p = factories.make_participant(event, "CHN", state="confirmed")
    workflow.badge_fields_changed(p, {"photo"})
    p = _commit_and_reload(p)
    assert p.state == "confirmed" and p.badge_changed_at is not None
    assert outbox(p.email) == []
