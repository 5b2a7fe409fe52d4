"""Transitions: move a registration, send a changed one back, and tell the delegate."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, OperationalError

from assembly.core.audit import record
from assembly.core.db import utcnow
from assembly.extensions import db
from assembly.registration.mails import mail_participant
from assembly.registration.models import (
    APPROVED,
    CONFIRMED,
    REJECTED,
    REVOKED,
    SUBMITTED,
    Participant,
)
from assembly.registration.signals import registration_closed
from assembly.registration.workflow.errors import Busy, QuotaExceeded, WorkflowError
from assembly.registration.workflow.rules import (
    BADGE_FIELDS,
    CLOSED,
    MAILS,
    NAME_FIELDS,
    SEAT_FIELDS,
    SEATED,
    audit_actor,
    english_outside_requests,
    needs_confirmation,
    refusal,
)
from assembly.registration.workflow.seats import check_seat, lock


@english_outside_requests
def transition(
    participant: Participant, to: str, *, actor=None, actor_label: str = "", reason: str = ""
) -> Participant:
    """Move `participant` to state `to`: check role, state and seats, then audit and mail."""
    reason = (reason or "").strip()
    refused = refusal(participant, to, actor, actor_label)
    if refused is None and to in (REJECTED, REVOKED) and not reason:
        refused = WorkflowError(_("Give a reason: the delegate will read it."))
    if refused is not None:
        raise refused
    quota = lock(participant)
    # The state may have changed while we waited for the lock.
    refused = refusal(participant, to, actor, actor_label)
    if refused is not None:
        raise refused
    before = {"state": participant.state, "is_head": participant.is_head}
    closing = to in CLOSED and participant.state not in CLOSED
    if to in SEATED and participant.state not in SEATED:
        check_seat(participant, quota)
        if participant.category.is_head and participant.delegation_id is not None:
            participant.is_head = True
    participant.state = to
    if to == APPROVED:
        participant.approved_at = utcnow()
    if to in (REJECTED, REVOKED):
        participant.decision_reason = reason
    if to in CLOSED:
        participant.is_head = False
    try:
        db.session.flush()
    except IntegrityError as exc:  # another head named at the same moment
        raise QuotaExceeded(
            _("Another Head of Delegation was just named; reload and check.")
        ) from exc
    if closing:
        # The agenda gives the person's seats to those waiting (same transaction).
        try:
            registration_closed.send(participant, previous=before["state"])
        except OperationalError as exc:  # a session's lock held too long
            raise Busy(_("Another change is in progress; try again in a moment.")) from exc
    record(
        f"registration.{to}",
        participant,
        before=before,
        after={"state": participant.state, "is_head": participant.is_head},
        reason=reason,
        **audit_actor(actor, actor_label),
        participant_id=participant.id,
    )
    if to in MAILS:
        notify(participant, MAILS[to], reason=reason)
    return participant


@english_outside_requests
def badge_fields_changed(
    participant: Participant, changed: set[str], *, actor=None, actor_label: str = ""
) -> None:
    """Mark the badge for reprint; an approved registration goes back for approval.

    A new category or delegation also undoes the focal point's confirmation
    (it changes the seats), so such a registration goes back to submitted.
    """
    fields = set(changed) & BADGE_FIELDS
    if not participant.badge_name:
        fields |= set(changed) & NAME_FIELDS
    if not fields:
        return
    participant.badge_changed_at = utcnow()
    if "delegation" in fields or not participant.category.counts_toward_quota:
        participant.is_head = False
    before = {"state": participant.state}
    if participant.state == APPROVED:
        seat_changed = fields & SEAT_FIELDS or not needs_confirmation(participant)
        participant.state = SUBMITTED if seat_changed else CONFIRMED
    elif participant.state == CONFIRMED and fields & SEAT_FIELDS:
        participant.state = SUBMITTED
    db.session.flush()
    if participant.state == before["state"]:
        return
    record(
        "registration.sent_back",
        participant,
        before=before,
        after={"state": participant.state, "changed": sorted(fields)},
        reason=_("Badge details changed after approval."),
        **audit_actor(actor, actor_label),
        participant_id=participant.id,
    )
    notify(participant, "registration_changed_back", changed=sorted(fields))


# Subjects of the workflow's mails, translated in the participant's language.
SUBJECTS = {
    "registration_confirmed": _l("Your registration was confirmed"),
    "registration_approved": _l("Your accreditation was approved"),
    "registration_rejected": _l("Your registration was not accepted"),
    "registration_revoked": _l("Your registration was revoked"),
    "registration_withdrawn": _l("Your registration was withdrawn"),
    "registration_changed_back": _l("Your registration goes back for approval"),
}


def notify(participant: Participant, template: str, **context) -> None:
    """Queue `template` to the participant, in their language, with their private link."""
    mail_participant(participant, template, SUBJECTS[template], **context)
