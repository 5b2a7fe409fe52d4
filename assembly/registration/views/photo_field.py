"""The photo field the registration forms share (public, focal point, delegate's edit).

A new upload is checked and kept as a temporary upload named by a signed token
in the form's hidden `photo_token`, so that a form shown again with an error in
another field still has it; the page shows it with the crop sliders
(templates/registration/_photo.html).
"""

from flask import url_for

from assembly.registration import photos
from assembly.registration.forms import ParticipantForm


def photo_from_form(form: ParticipantForm) -> bytes | None:
    """Return the photo cropped where the frame was placed, None without one.

    A new upload is checked and kept as a temporary upload; else the earlier
    upload its token names is used. A token that does not verify (forged,
    expired, its file swept) is dropped as if no photo had been sent.
    """
    upload = form.photo.data
    normalized = None
    if upload is not None and getattr(upload, "filename", ""):
        data = upload.read(photos.MAX_BYTES + 1)
        try:
            normalized = photos.normalize_photo(data)
        except photos.PhotoError as exc:
            form.photo.errors = [str(exc)]
            form.photo_token.data = ""
            return None
        form.photo_token.data = photos.save_temp_photo(normalized)
    elif form.photo_token.data:
        path = photos.temp_photo_path(form.photo_token.data)
        if path is None:
            form.photo_token.data = ""
            return None
        normalized = path.read_bytes()
    if normalized is None:
        return None
    x, y = form.crop()
    return photos.process_photo(normalized, x=x, y=y)


def photo_preview(form: ParticipantForm, saved: str | None = None) -> str | None:
    """Return the URL of the photo the form shows: the kept upload, else `saved`."""
    if form.photo_token.data:
        return url_for("registration.temp_photo", token=form.photo_token.data)
    return saved
