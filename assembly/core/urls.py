"""Absolute URLs for mail, PDFs and calendars, built on the configured public address.

A link that leaves the site (a delegate's private link, a password reset, a
visa letter's QR code) is built on `BASE_URL` (ASSEMBLY_BASE_URL), never on the
request's Host header: a client choosing its own Host must not get a secret
link pointing at its own server mailed to someone else.
"""

from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    """Return the absolute URL of `endpoint` on the public address, in a request or not."""
    base = urlsplit(current_app.config["BASE_URL"])
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(
        base.netloc,
        script_name=base.path.rstrip("/") or "/",
        url_scheme=base.scheme or "https",
    )
    return adapter.build(endpoint, values, force_external=True)
