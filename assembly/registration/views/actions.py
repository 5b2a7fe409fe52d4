"""What the staff pages share: applying a registration's transition from a form."""

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from assembly.extensions import db
from assembly.registration import workflow
from assembly.registration.staff_forms import TransitionForm


def transition_from_form(participant) -> None:
    """Apply the posted TransitionForm to `participant`, commit, and flash the outcome.

    A refusal (not allowed, wrong state) rolls back and becomes the flashed message.
    """
    form = TransitionForm()
    if not form.validate():
        flash(_("Choose what to do with the registration."), "danger")
        return
    try:
        workflow.transition(
            participant,
            form.to.data,
            actor=current_user._get_current_object(),
            reason=form.reason.data,
        )
    except workflow.WorkflowError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return
    db.session.commit()
    state = workflow.STATE_LABELS.get(participant.state, participant.state)
    flash(_("%(name)s: %(state)s.", name=participant.full_name, state=state), "success")
