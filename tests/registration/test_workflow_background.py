"""The workflow outside a request (commands, background jobs): English messages, mail links
built on the configured address."""

import pytest

from assembly.extensions import db
from assembly.registration import workflow
from tests import factories


def test_transition_runs_outside_a_request_with_english_messages(app, event, outbox):
    p = factories.make_participant(event, "CHN", category_name="Observer", language="es")
    workflow.transition(p, "approved", actor_label="system")
    db.session.commit()
    mail = outbox(p.email)[-1]
    assert mail.kind == "registration_approved" and "/my/" in mail.body_text
    with pytest.raises(workflow.InvalidTransition, match="cannot become"):
        workflow.transition(p, "approved", actor_label="system")


def test_only_system_labels_get_full_rights_without_an_actor(app, event):
    p = factories.make_participant(event, "CHN", state="confirmed")
    with pytest.raises(workflow.NotAllowed, match="Only accreditation officers"):
        workflow.transition(p, "approved", actor_label="api")
