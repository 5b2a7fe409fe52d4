"""The workflow's domain errors: each message says what the user can do next."""


class WorkflowError(Exception):
    """A workflow rule refused the change; the message says what to do next."""


class InvalidTransition(WorkflowError):
    """The registration cannot go from its state to the one asked."""


class QuotaExceeded(WorkflowError):
    """Confirming would pass the delegation's quota (or a category's limit)."""


class NotAllowed(WorkflowError):
    """The actor's role may not make this transition."""


class Busy(WorkflowError):
    """Another change to the same delegation held the lock too long; trying again works."""
