"""Entry point for `flask --app app` and gunicorn (`gunicorn app:app`)."""

import sys

from assembly import create_app
from assembly.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    sys.exit(f"assembly: {exc}")
