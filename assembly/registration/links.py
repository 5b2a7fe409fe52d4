"""The delegate's private link: a signed token naming a registration, no account needed.

Raising `Participant.link_version` invalidates every link sent before.
"""

from flask import current_app, has_request_context, url_for

from assembly.core.security import TokenError, sign, unsign
from assembly.extensions import db
from assembly.registration.models import Participant

PURPOSE = "participant-link"


def make_token(participant: Participant) -> str:
    """Return the signed token of `participant`'s private link."""
    return sign(PURPOSE, [participant.id, participant.link_version])


def participant_from_token(token: str) -> Participant:
    """Return the participant a private-link token names, or raise TokenError."""
    data = unsign(PURPOSE, token)
    if not (isinstance(data, list) and len(data) == 2):
        raise TokenError("This link is not valid.")
    participant = db.session.get(Participant, data[0])
    if participant is None or participant.link_version != data[1]:
        raise TokenError("This link is no longer valid; ask for a new one.")
    return participant


def private_url(participant: Participant) -> str:
    """Return the absolute URL of `participant`'s private page, in a request or not."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return _url(participant)
    # Commands, imports and background jobs: build it on the public address.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return _url(participant)


def _url(participant: Participant) -> str:
    return url_for("registration.private_page", token=make_token(participant), _external=True)
