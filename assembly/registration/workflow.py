"""The accreditation workflow: state transitions, quota and Head-of-Delegation rules.

submitted → confirmed (focal point; categories that need no confirmation skip it)
→ approved / rejected (officer); withdrawn (delegate) and revoked (officer)
from any open state.

INTERFACE (filled in by the workflow work; other modules call only these):

- `transition(participant, to, *, actor=None, actor_label="", reason="") -> Participant`
  raises `InvalidTransition`, `QuotaExceeded`, `NotAllowed` (all `WorkflowError`).
- `badge_fields_changed(participant, changed: set[str]) -> None`: an edit touched a
  badge field (badge_name, native_name, photo, category, delegation); an approved
  registration goes back for approval and its badge is marked for reprint.
"""


class WorkflowError(Exception):
    """A workflow rule refused the change; the message says what to do next."""


class InvalidTransition(WorkflowError):
    """The registration cannot go from its state to the one asked."""


class QuotaExceeded(WorkflowError):
    """Confirming would pass the delegation's quota (or a category's limit)."""


class NotAllowed(WorkflowError):
    """The actor's role may not make this transition."""
