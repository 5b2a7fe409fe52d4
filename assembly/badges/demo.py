"""Demo data of the badges area, added by `flask assembly seed-demo`."""


def seed(event) -> list[str]:
    """Add the badges area's demo data to `event`; return lines to print."""
    return []
