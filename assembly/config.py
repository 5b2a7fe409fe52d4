"""Settings from ASSEMBLY_* environment variables, with safe embedded defaults.

Nothing here runs at import time: `load_config` is called by `create_app`.
"""

import os
from pathlib import Path

# Refused in production (see check_production).
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105


ENVIRONMENTS = ("development", "production")


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message says which and what to do."""


def database_url(url: str) -> str:
    """Return `url` with PostgreSQL's driver named: psycopg 3, the one installed.

    `postgres://` and `postgresql://` (as hosting services hand them out) would
    make SQLAlchemy look for psycopg2.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: str, environ=None) -> dict:
    """Return the Flask config built from the environment."""
    env = os.environ if environ is None else environ
    instance = Path(instance_path)
    redis_url = env.get("ASSEMBLY_REDIS_URL") or None
    name = env.get("ASSEMBLY_ENV", "development")
    if name not in ENVIRONMENTS:
        # "prod" or "Production" must not quietly run with development's defaults.
        raise ConfigError(f"ASSEMBLY_ENV must be one of {', '.join(ENVIRONMENTS)}, not {name!r}")
    production = name == "production"
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": env.get("ASSEMBLY_SECRET_KEY", DEFAULT_SECRET_KEY),
        # A relative SQLite path is resolved by Flask-SQLAlchemy inside the
        # instance folder (instance/assembly.db), which it creates if missing.
        "SQLALCHEMY_DATABASE_URI": database_url(
            env.get("ASSEMBLY_DATABASE_URL", "sqlite:///assembly.db")
        ),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Redis down: limits are counted in memory meanwhile, rather than every
        # login and registration failing.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env.get("ASSEMBLY_LOGIN_RATE_LIMIT", "10 per minute"),
        "REGISTER_RATE_LIMIT": env.get("ASSEMBLY_REGISTER_RATE_LIMIT", "60 per minute"),
        # Reverse proxies in front of the app (0: none): their X-Forwarded-* headers are
        # believed, so rate limits key on the client's address, not the proxy's.
        "PROXY_COUNT": _whole_number(env, "ASSEMBLY_PROXY_COUNT", 0),
        # A known address submitted again gets its private link at most once in this time.
        "LINK_RESEND_MINUTES": _whole_number(env, "ASSEMBLY_LINK_RESEND_MINUTES", 10),
        "HUEY_IMMEDIATE": env.get("ASSEMBLY_HUEY_IMMEDIATE", "0") == "1",
        "HUEY_SQLITE_PATH": str(instance / "huey.db"),
        "MAIL_URL": env.get("ASSEMBLY_MAIL_URL", ""),
        "MAIL_FROM": env.get("ASSEMBLY_MAIL_FROM", "General Assembly <assembly@localhost>"),
        "OUTBOX_DIR": env.get("ASSEMBLY_OUTBOX_DIR", str(instance / "outbox")),
        "UPLOAD_DIR": env.get("ASSEMBLY_UPLOAD_DIR", str(instance / "uploads")),
        # A print run with no progress for this long lost its worker: it counts as failed.
        "BADGE_RUN_STALE_MINUTES": _whole_number(env, "ASSEMBLY_BADGE_RUN_STALE_MINUTES", 10),
        "MAX_CONTENT_LENGTH": int(env.get("ASSEMBLY_MAX_UPLOAD_BYTES", 6 * 1024 * 1024)),
        # Every absolute link in mail, PDFs and calendars is built on it (never the Host header).
        "BASE_URL": env.get("ASSEMBLY_BASE_URL", "http://127.0.0.1:5000"),
        # Host headers the site answers (others get 400); unset answers any.
        "TRUSTED_HOSTS": _list(env.get("ASSEMBLY_TRUSTED_HOSTS", "")) or None,
        "LANGUAGES": ["en", "fr", "es", "ar"],
        "BABEL_DEFAULT_LOCALE": "en",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PASSWORD_RESET_MAX_AGE": 3600,
        # Forms are valid as long as the session: a check-in page stays open all day.
        "WTF_CSRF_TIME_LIMIT": None,
        # A failed statement's error (and so the logged traceback) never shows its
        # values: they are passport numbers, birth dates and addresses.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
    }


def _whole_number(env, name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), not {value!r}")
    return int(value)


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def check_production(config: dict) -> None:
    """Refuse to run in production with settings that are only safe on a laptop."""
    if config.get("ENV_NAME") != "production":
        return
    if config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY) or len(config["SECRET_KEY"]) < 16:
        raise ConfigError(
            "ASSEMBLY_SECRET_KEY must be set to a long random value when ASSEMBLY_ENV=production"
        )
