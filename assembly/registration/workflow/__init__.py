"""The accreditation workflow: state transitions, quota and Head-of-Delegation rules.

    submitted ──confirm (focal point)──▶ confirmed ──approve (officer)──▶ approved
        │  (categories that need no confirmation, and organizations' observers,
        │   go from submitted to approved straight away)
        ├──reject / decline (officer, or the focal point, with a reason)──▶ rejected
        ├──withdraw (the delegate, the focal point or an admin)──▶ withdrawn
    approved ──revoke (officer, with a reason)──▶ revoked

Rejected, withdrawn and revoked are final. A focal point's "decline" is a
rejection with the reason the delegate reads (the audit log tells who did it).

Who may act: the focal point for its own country only (confirm, decline, withdraw,
name the Head of Delegation); officers approve, reject, revoke; admins do all; an
`actor` of None is the delegate through the private link (withdraw only) unless
`actor_label` is "system" or "cli" (server-side jobs, trusted).

Seats: a delegation's confirmed and approved participants of the categories that
count toward the quota (Head of Delegation, Delegate) never pass `Delegation.quota`,
and each category's `delegation_limit` holds too. The check runs under a lock of
the delegation row (SELECT ... FOR UPDATE on PostgreSQL; on SQLite, a write that
takes the database's write lock before counting), so concurrent confirmations
queue up and the one that would pass the quota is refused.

Closing a registration (rejected, withdrawn, revoked) sends `registration_closed`
(registration/signals.py), in the same transaction: the agenda gives the person's
seats to those waiting.

Every function flushes, audits and queues its mail; none commits.
"""

# The interface other areas call: keep these names.
from assembly.registration.workflow.errors import (  # noqa: F401
    Busy,
    InvalidTransition,
    NotAllowed,
    QuotaExceeded,
    WorkflowError,
)
from assembly.registration.workflow.rules import (  # noqa: F401
    STATE_LABELS,
    allowed_targets,
    can_transition,
    needs_confirmation,
)
from assembly.registration.workflow.seats import (  # noqa: F401
    current_head,
    set_head_of_delegation,
)
from assembly.registration.workflow.transitions import (  # noqa: F401
    badge_fields_changed,
    notify,
    transition,
)
