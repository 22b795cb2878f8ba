"""The app as bench/serve runs it under gunicorn, with a bare route that does nothing.

gunicorn --pythonpath bench 'serve_app:create()' (or create(per_request=True)). The settings come
from the environment (BANGKIT_*), as in production. The bare route costs a request through Flask
and the app's own hooks; the baseline without them is a separate app (bench/serve_baselines.py).
"""

from __future__ import annotations

import common  # noqa: F401 - puts the project's folders on sys.path
from flask import Flask
from variants import rendering_per_request

from bangkit import create_app

BARE = "/_bench/bare"


def bare() -> str:
    """Nothing: the cost of a request through Flask and the app's own hooks, for a ratio."""
    return ""


def create(per_request: bool = False) -> Flask:
    """The site plus the bare route; with per_request, Markdown rendered on every request."""
    app = create_app()
    app.add_url_rule(BARE, "bench_bare", bare)
    return rendering_per_request(app) if per_request else app
