"""The public enrolment POST's defence against cross-site forgery: the Origin check.

(The per-client rate limit is put on the blueprints in enrol/views.py.)
"""

from __future__ import annotations

from flask import abort, current_app, request

from bangkit.http import origin_of


def allowed_origins() -> set[str]:
    """The site's own origin (as requested and as configured) and those of its static copies."""
    config = current_app.config
    listed = config["STATIC_SITE_ORIGINS"]
    if isinstance(listed, str):  # a plain "https://a.example https://b.example" also works
        listed = listed.replace(",", " ").split()
    urls = [request.host_url, config["SITE_URL"], config.get("STATIC_SITE_URL") or "", *listed]
    return {origin_of(url) for url in urls} - {""}


def refuse_foreign_origin() -> None:
    """Abort with 403 when a POST comes from a page on another site (cross-site forgery).

    A request with neither Origin nor Referer (some old and proxy browsers) is let through:
    the form has no session to abuse, and the honeypot and the rate limit still apply.
    """
    sent = request.headers.get("Origin") or request.headers.get("Referer")
    if sent is not None and origin_of(sent) not in allowed_origins():
        abort(403)
