"""Assembly: the web site that runs a world police General Assembly."""

import os

from flask import Flask

from assembly.config import ConfigError, check_production, load_config


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints and CLI. No I/O, no queries."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("ASSEMBLY_INSTANCE_PATH", os.path.join(root, "instance")),
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    check_production(app.config)
    _trust_proxies(app)

    _import_models()
    _init_extensions(app)
    _register_blueprints(app)

    from assembly.cli import cli, safe_group

    app.cli.add_command(cli)
    # Flask-Migrate's `db upgrade`, the first step of `make run`: one line, no traceback.
    app.cli.add_command(safe_group(app.cli.commands["db"]))
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ASSEMBLY_PROXY_COUNT proxies, take the client's address, scheme and host from them.

    Without it every delegate behind a TLS proxy shares the proxy's address,
    and so one rate limit. The headers are believed only from that many hops.
    """
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = app.config.get("PROXY_COUNT") or 0
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _import_models() -> None:
    """Import every area's models, so that the metadata (and Alembic) knows every table."""
    from assembly.accounts import models as _accounts  # noqa: F401
    from assembly.agenda import models as _agenda  # noqa: F401
    from assembly.badges import models as _badges  # noqa: F401
    from assembly.core import audit as _audit  # noqa: F401
    from assembly.core import event as _event  # noqa: F401
    from assembly.core import mail as _mail  # noqa: F401
    from assembly.countries import models as _countries  # noqa: F401
    from assembly.registration import models as _registration  # noqa: F401


def _init_extensions(app: Flask) -> None:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from assembly.core import guards, http, i18n
    from assembly.extensions import csrf, db, init_huey, limiter, login_manager, migrate

    try:
        db.init_app(app)  # parses the database URL; connects only on first use
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(
            f"ASSEMBLY_DATABASE_URL is not a usable database URL ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]})"
        ) from None
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(__file__), "migrations"),
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    init_huey(app)
    i18n.init_app(app)
    http.init_app(app)
    guards.init_app(app)

    from flask_babel import lazy_gettext as _l

    from assembly.accounts.services import load_user

    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    # Flask-Login's own words are English only: ours go through the catalogs.
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"


def _register_blueprints(app: Flask) -> None:
    from assembly.accounts.views import bp as accounts_bp
    from assembly.agenda.views import bp as agenda_bp
    from assembly.api import bp as api_bp
    from assembly.badges.views import bp as badges_bp
    from assembly.core.site import bp as site_bp
    from assembly.countries.views import bp as countries_bp
    from assembly.dashboard.views import bp as dashboard_bp
    from assembly.registration.views import bp as registration_bp

    for bp in (
        site_bp,
        accounts_bp,
        countries_bp,
        registration_bp,
        agenda_bp,
        badges_bp,
        dashboard_bp,
        api_bp,
    ):
        app.register_blueprint(bp)
