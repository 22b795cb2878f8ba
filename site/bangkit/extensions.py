"""The Flask extensions, made once here and bound to each app in create_app (the Flask idiom).

The database's (`db`) is in bangkit.database, which only an app that serves imports."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import Babel
from flask_compress import Compress

from bangkit.content import Site, load

babel = Babel()
compress = Compress()


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
