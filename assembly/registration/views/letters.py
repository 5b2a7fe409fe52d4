"""Visa invitation letters: the delegate's download (/my/<token>/visa-letter.pdf), the
officer's copy, and the public page a consulate opens from the letter's QR code.
"""

from flask import abort, make_response, render_template

from assembly.core.security import OFFICER, TokenError, require_role
from assembly.extensions import db
from assembly.registration import letters
from assembly.registration.links import participant_from_token
from assembly.registration.models import Participant
from assembly.registration.views import bp


def _pdf_response(participant: Participant):
    try:
        pdf = letters.visa_letter_pdf(participant)
    except letters.LetterNotAvailable:
        abort(403)
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    filename = f"visa-letter-{letters.reference(participant).replace('/', '-')}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/my/<token>/visa-letter.pdf")
def visa_letter(token: str):
    """Send the delegate their visa invitation letter (approved registrations only)."""
    try:
        participant = participant_from_token(token)
    except TokenError:
        abort(404)
    return _pdf_response(participant)


@bp.get("/admin/registrations/<int:participant_id>/visa-letter.pdf")
@require_role(OFFICER)
def officer_visa_letter(participant_id: int):
    """Send an officer the visa invitation letter of an approved participant."""
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        abort(404)
    return _pdf_response(participant)


@bp.get("/verify/letter/<token>")
def verify_letter(token: str):
    """Tell whoever scans a letter's QR code whether it is genuine and still valid."""
    try:
        letter = letters.verify_letter_token(token)
    except TokenError:
        return render_template("registration/letters/verify.html", letter=None), 404
    response = make_response(render_template("registration/letters/verify.html", letter=letter))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
