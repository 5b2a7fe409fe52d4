"""Extensions, created unbound here and bound to the app in `create_app`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic migrations name things the same on
# SQLite and PostgreSQL and can drop them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


class AppHuey(Huey):
    """Huey whose storage is made on first use from the app's settings.

    Tasks register on the instance at import time; `init_huey` only records
    which storage to use, so `create_app` opens no file or connection.
    """

    storage_class = SqliteHuey.storage_class
    _storage = None

    @property
    def storage(self):
        if self._storage is None:
            self._storage = self.create_storage()
        return self._storage

    @storage.setter
    def storage(self, value):
        self._storage = value


huey = AppHuey("assembly", storage_class=SqliteHuey.storage_class, filename=":memory:")


def init_huey(app) -> None:
    """Point the task queue at Redis when configured, else at a SQLite file."""
    if app.config.get("REDIS_URL"):
        huey.storage_class = RedisHuey.storage_class
        huey.storage_kwargs = {"url": app.config["REDIS_URL"]}
    else:
        huey.storage_class = SqliteHuey.storage_class
        huey.storage_kwargs = {"filename": app.config["HUEY_SQLITE_PATH"]}
    huey._immediate = app.config.get("HUEY_IMMEDIATE", False)
    huey.storage = None  # made again, lazily, with these settings
    app.extensions["huey"] = huey
