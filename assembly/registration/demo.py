"""Demo data of the registration area, added by `flask assembly seed-demo`."""


def seed(event) -> list[str]:
    """Add the registration area's demo data to `event`; return lines to print."""
    return []
