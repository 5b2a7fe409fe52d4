"""Background jobs (Huey). Each job calls the same services as the views.

Importing this module registers every task with the queue, which is what the
worker (`huey_consumer assembly.worker.huey`) needs.
"""

from assembly.badges import tasks as badge_tasks  # noqa: F401,E402
from assembly.core.mail import deliver_outbox, retry_outbox  # noqa: F401
