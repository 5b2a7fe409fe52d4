"""Entry of the background worker: `huey_consumer assembly.worker.huey`.

Builds the app once so that tasks run with its settings, and gives each
worker thread an application context.
"""

from assembly import (
    create_app,
    tasks,  # noqa: F401  (registers the tasks)
)
from assembly.extensions import db, huey

app = create_app()


@huey.on_startup()
def _push_app_context():
    app.app_context().push()


@huey.post_execute()
def _end_session(task, task_value, exc):
    db.session.remove()
