"""The delegate's private link: a signed token naming a registration, no account needed.

Raising `Participant.link_version` invalidates every link sent before.
"""

from assembly.core.security import TokenError, sign, unsign
from assembly.core.urls import public_url
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
    """Return the absolute URL of `participant`'s private page, on the public address.

    Never on the request's Host: the link is a secret mailed to the delegate.
    """
    return public_url("registration.private_page", token=make_token(participant))
