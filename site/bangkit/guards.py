"""Defences of the public enrolment POST: the Origin check and the per-client rate limit."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as browsers write the Origin header; '' if malformed."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname or ""
    if not parts.scheme or not host:
        return ""
    host = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    return f"{parts.scheme.lower()}://{host}"


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


def limit(app: Flask, blueprints: dict[Blueprint, Callable[[], str]]) -> Limiter:
    """Rate-limit POSTs to each blueprint per client address (storage: RATELIMIT_STORAGE_URI).

    Limits on blueprints are checked before the view runs, with one Limiter per app. Behind a
    reverse proxy the client address must come from ProxyFix (README, "Configuration").
    """
    limiter = Limiter(get_remote_address, app=app)
    for blueprint, rate in blueprints.items():
        limiter.limit(rate, methods=["POST"])(blueprint)
    return limiter
