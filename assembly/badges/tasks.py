"""Background jobs of the badges area: print runs render in the worker, not in a request."""

from assembly.badges import printing
from assembly.extensions import huey


@huey.task()
def render_print_run(run_id: int) -> str | None:
    """Render print run `run_id`; return its final state."""
    run = printing.execute(run_id)
    return run.state if run else None
