"""Demo data of the agenda area, added by `flask assembly seed-demo`."""


def seed(event) -> list[str]:
    """Add the agenda area's demo data to `event`; return lines to print."""
    return []
