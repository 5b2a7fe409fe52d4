"""API resource: checkin; routes on `assembly.api.bp`, OpenAPI paths in PATHS."""

PATHS: dict = {}
