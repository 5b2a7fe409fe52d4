"""Models of the agenda area."""
