"""Bulk actions on registrations: approve, reject with one reason, add to a print run.

Each action goes through the workflow one registration at a time (inside a
savepoint, so that a refused one leaves nothing half done) and returns a
`BulkResult`: how many were done and, grouped by reason, how many were refused.
"""

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import or_, select

from assembly.badges.models import FORMAT_SHEET, Badge
from assembly.badges.services import queue_print_run
from assembly.core.security import has_role
from assembly.extensions import db
from assembly.registration.models import (
    APPROVED,
    REJECTED,
    REVOKED,
    SUBMITTED,
    WITHDRAWN,
    Participant,
)
from assembly.registration.workflow import WorkflowError, transition

CLOSED = (REJECTED, WITHDRAWN, REVOKED)


class BulkNotAllowed(Exception):
    """The user's role may not run this bulk action; nothing was changed."""


@dataclass
class BulkResult:
    """What a bulk action did and what it refused, grouped by reason."""

    done: int = 0
    refused: Counter = field(default_factory=Counter)
    print_run_id: int | None = None

    def refuse(self, reason: str) -> None:
        """Count one registration refused for `reason`."""
        self.refused[reason] += 1

    @property
    def refused_total(self) -> int:
        """Return how many registrations were refused."""
        return sum(self.refused.values())

    def messages(self) -> list[str]:
        """Return the refusals as sentences, the largest group first."""
        return [f"{n} {reason}" for reason, n in self.refused.most_common()]


def _approve_refusal(participant) -> str | None:
    # Say why before asking the workflow, so that the report groups clearly.
    if participant.state == APPROVED:
        return _("already approved")
    if participant.state in CLOSED:
        return _("rejected, withdrawn or revoked")
    # Organizations' observers have no focal point: only a country's delegates wait.
    if (
        participant.state == SUBMITTED
        and participant.category.needs_confirmation
        and participant.delegation_id is not None
    ):
        return _("not confirmed by their focal point")
    return None


def _reject_refusal(participant) -> str | None:
    if participant.state == REJECTED:
        return _("already rejected")
    if participant.state == APPROVED:
        return _("already approved (revoke them instead)")
    if participant.state in (WITHDRAWN, REVOKED):
        return _("withdrawn or revoked")
    return None


def _apply(participants, to, actor, reason, precheck) -> BulkResult:
    result = BulkResult()
    for participant in participants:
        refusal = precheck(participant)
        if refusal:
            result.refuse(refusal)
            continue
        savepoint = db.session.begin_nested()
        try:
            transition(participant, to, actor=actor, reason=reason)
            savepoint.commit()
            result.done += 1
        except WorkflowError as exc:
            savepoint.rollback()
            result.refuse(_("refused: %(why)s", why=str(exc).rstrip(".")))
    return result


def approve(participants, actor) -> BulkResult:
    """Approve each registration the workflow allows; report the others."""
    if not has_role(actor, "officer"):
        raise BulkNotAllowed(_("Only accreditation officers and admins may approve."))
    return _apply(participants, APPROVED, actor, "", _approve_refusal)


def reject(participants, actor, reason: str) -> BulkResult:
    """Reject each registration the workflow allows, all with the same reason."""
    if not has_role(actor, "officer"):
        raise BulkNotAllowed(_("Only accreditation officers and admins may reject."))
    if not reason.strip():
        raise BulkNotAllowed(_("Give the reason for rejecting; the delegates will read it."))
    return _apply(participants, REJECTED, actor, reason.strip(), _reject_refusal)


def already_printed(participant_ids: list[int]) -> set[int]:
    """Return the ids whose badge is printed and unchanged since (reprints are the badges')."""
    if not participant_ids:
        return set()
    return set(
        db.session.scalars(
            select(Badge.participant_id)
            .join(Participant, Participant.id == Badge.participant_id)
            .where(
                Badge.participant_id.in_(participant_ids),
                Badge.printed_at.is_not(None),
                or_(
                    Participant.badge_changed_at.is_(None),
                    Participant.badge_changed_at <= Badge.printed_at,
                ),
            )
        )
    )


def add_to_print_run(event, participants, actor) -> BulkResult:
    """Queue a badge print run of the approved, not yet printed registrations.

    The run prints as one started from the badges page (same print order,
    badges ensured), on sheets, front only. Its id is in `result.print_run_id`;
    the caller hands it to the background job once committed (the job reads
    the run from the database).
    """
    if not has_role(actor, "officer"):
        raise BulkNotAllowed(_("Only accreditation officers and admins may print badges."))
    result = BulkResult()
    printed = already_printed([p.id for p in participants])
    eligible = []
    for participant in participants:
        if participant.state != APPROVED:
            result.refuse(_("not approved"))
        elif participant.id in printed:
            result.refuse(_("badge already printed (reprint it from the badges page)"))
        else:
            eligible.append(participant)
    if eligible:
        run = queue_print_run(
            event, actor, eligible, {"selection": len(eligible)}, FORMAT_SHEET, back_side=False
        )
        result.print_run_id = run.id
        result.done = len(eligible)
    return result


def summary(action_label: str, result: BulkResult) -> str:
    """Return the one-line report of a bulk action, for a flash message."""
    text = ngettext(
        "%(action)s: %(num)d registration.",
        "%(action)s: %(num)d registrations.",
        result.done,
        action=action_label,
    )
    if result.refused:
        text += " " + _("Refused: %(list)s.", list="; ".join(result.messages()))
    return text
