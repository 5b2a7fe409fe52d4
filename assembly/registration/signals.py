"""Signals the registration area sends, so that the areas above it can react to a
registration's fate without registration importing them (the agenda frees the seats
of a closed registration, for one).

Receivers run inside the sender's transaction: they flush, never commit, and an
exception they raise undoes the whole change.
"""

from blinker import Namespace

_signals = Namespace()

# Sent with the participant when a registration becomes rejected, withdrawn or
# revoked (final states); keyword `previous`: the state it left.
registration_closed = _signals.signal("registration-closed")
