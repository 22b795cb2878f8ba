"""The Flask extensions, made once here and bound to each app in create_app (the Flask idiom).

The database's (`db`) is in bangkit.database, which only an app that serves imports."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from flask import Flask, current_app
from flask_babel import Babel
from flask_compress import Compress

from bangkit.content import Site, load

if TYPE_CHECKING:
    from flask_limiter import Limiter

babel = Babel()
compress = Compress()


@functools.cache
def limiter() -> Limiter:
    """The rate limiter, made on first use: only an app that serves has one (create_app), so a
    freeze, which sends no form, does not import Flask-Limiter (about 0.1 s of a rebuild).

    Per client address; behind a proxy the address comes from ProxyFix (http.py, PROXIES).
    Storage: RATELIMIT_STORAGE_URI. Limits are put on the enrolment blueprints and counted by
    hand for failed staff sign-ins.
    """
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    return Limiter(get_remote_address)


def check_shared_limits(app: Flask, processes: int) -> None:
    """Refuse to serve from several processes that would each count rate limits on its own.

    Called by site/deploy/gunicorn.conf.py, which knows how many workers it starts; a single
    process (`flask run`, one worker) keeps the in-memory default.
    """
    storage = str(app.config["RATELIMIT_STORAGE_URI"])
    if processes > 1 and app.config.get("RATELIMIT_ENABLED", True) and storage.startswith("memory"):
        raise RuntimeError(
            f"RATELIMIT_STORAGE_URI is {storage}: each of the {processes} workers would count "
            f"rate limits on its own, so a client could send {processes} times the limit. Set "
            "BANGKIT_RATELIMIT_STORAGE_URI to a store they share, e.g. redis://127.0.0.1:6379/0 "
            "(README, Deploying), or run one worker (WEB_CONCURRENCY=1)."
        )


def load_content(app: Flask) -> None:
    """Read and render content/ once, at start-up; views only look it up (site()).

    Links between pages end in index.html, as the static copy needs; the live app, which
    serves the same bytes, answers `X/index.html` as `X/` (bangkit.shared).
    """
    # A freeze renders the bodies as it renders the pages: on every core, and only those that
    # changed since the last freeze (bangkit.export).
    app.extensions["bangkit.site"] = load(
        app.config["CONTENT_DIR"], index_html=True, lazy=app.config["FREEZING"]
    )


def site() -> Site:
    """The content of the app handling this request."""
    return current_app.extensions["bangkit.site"]
