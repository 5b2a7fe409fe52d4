"""The delegation's credentials letter: the official nomination, uploaded by its focal
point as a PDF, kept under UPLOAD_DIR/credentials and shown to officers.
"""

import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from assembly.core.audit import record
from assembly.countries.models import Delegation
from assembly.extensions import db

FOLDER = "credentials"
MAX_BYTES = 5 * 1024 * 1024


class CredentialsError(ValueError):
    """The file is not a usable PDF; the message says why."""


def check_pdf(data: bytes) -> int:
    """Return the page count of a PDF; raise CredentialsError when `data` is not one."""
    if len(data) > MAX_BYTES:
        raise CredentialsError(_("The letter is larger than 5 MB; send a smaller PDF."))
    if not data.startswith(b"%PDF-"):
        raise CredentialsError(_("This file is not a PDF. Scan or save the letter as a PDF."))
    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        pages = 0
    if pages < 1:
        raise CredentialsError(_("This PDF is damaged or empty; save the letter again."))
    return pages


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_credentials(
    delegation: Delegation, data: bytes, *, actor=None, actor_label: str = ""
) -> None:
    """Store `data` as the delegation's credentials letter, replacing the previous one."""
    pages = check_pdf(data)
    old = delegation.credentials_file
    name = f"{delegation.id}-{secrets.token_hex(8)}.pdf"
    (_folder() / name).write_bytes(data)
    delegation.credentials_file = name
    db.session.flush()
    record(
        "delegation.credentials_uploaded",
        delegation,
        before={"file": old},
        after={"file": name, "pages": pages, "bytes": len(data)},
        actor=actor,
        actor_label=actor_label,
    )


def credentials_path(delegation: Delegation) -> Path | None:
    """Return the file of the delegation's credentials letter, if one was uploaded."""
    if not delegation.credentials_file:
        return None
    folder = (Path(current_app.config["UPLOAD_DIR"]) / FOLDER).resolve()
    path = (folder / delegation.credentials_file).resolve()
    return path if path.is_relative_to(folder) and path.is_file() else None
