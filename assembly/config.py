"""Settings from ASSEMBLY_* environment variables, with safe embedded defaults.

Nothing here runs at import time: `load_config` is called by `create_app`.
"""

import os
from pathlib import Path

# Refused in production (see check_production).
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message says which and what to do."""


def load_config(instance_path: str, environ=None) -> dict:
    """Return the Flask config built from the environment."""
    env = os.environ if environ is None else environ
    instance = Path(instance_path)
    redis_url = env.get("ASSEMBLY_REDIS_URL") or None
    production = env.get("ASSEMBLY_ENV", "development") == "production"
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": env.get("ASSEMBLY_SECRET_KEY", DEFAULT_SECRET_KEY),
        # A relative SQLite path is resolved by Flask-SQLAlchemy inside the
        # instance folder (instance/assembly.db), which it creates if missing.
        "SQLALCHEMY_DATABASE_URI": env.get("ASSEMBLY_DATABASE_URL", "sqlite:///assembly.db"),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env.get("ASSEMBLY_LOGIN_RATE_LIMIT", "10 per minute"),
        "REGISTER_RATE_LIMIT": env.get("ASSEMBLY_REGISTER_RATE_LIMIT", "60 per minute"),
        "HUEY_IMMEDIATE": env.get("ASSEMBLY_HUEY_IMMEDIATE", "0") == "1",
        "HUEY_SQLITE_PATH": str(instance / "huey.db"),
        "MAIL_URL": env.get("ASSEMBLY_MAIL_URL", ""),
        "MAIL_FROM": env.get("ASSEMBLY_MAIL_FROM", "General Assembly <assembly@localhost>"),
        "OUTBOX_DIR": env.get("ASSEMBLY_OUTBOX_DIR", str(instance / "outbox")),
        "UPLOAD_DIR": env.get("ASSEMBLY_UPLOAD_DIR", str(instance / "uploads")),
        "MAX_CONTENT_LENGTH": int(env.get("ASSEMBLY_MAX_UPLOAD_BYTES", 6 * 1024 * 1024)),
        "BASE_URL": env.get("ASSEMBLY_BASE_URL", "http://127.0.0.1:5000"),
        "LANGUAGES": ["en", "fr", "es", "ar"],
        "BABEL_DEFAULT_LOCALE": "en",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PASSWORD_RESET_MAX_AGE": 3600,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    }


def check_production(config: dict) -> None:
    """Refuse to run in production with settings that are only safe on a laptop."""
    if config.get("ENV_NAME") != "production":
        return
    if config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY) or len(config["SECRET_KEY"]) < 16:
        raise ConfigError(
            "ASSEMBLY_SECRET_KEY must be set to a long random value when ASSEMBLY_ENV=production"
        )
