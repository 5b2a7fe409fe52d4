"""Registration pages: officers (see the package docstring)."""

from assembly.registration.views import bp  # noqa: F401
