"""The same app built another way, as a baseline: Markdown read and rendered on every request."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask import Flask

from bangkit.content import _link, _split
from bangkit.markdown import render


def rendering_per_request(app: Flask) -> Flask:
    """Make content pages read and render their Markdown each time they are asked for.

    The site renders every page once at start-up; this is what it would cost not to.
    """
    site = app.extensions["bangkit.site"]
    root = Path(app.config["CONTENT_DIR"])
    by_file = {page.file: key for key, page in site.pages.items()}
    index_html = app.config["FREEZING"]
    view = app.view_functions["pages.page"]

    def page(lang: str, path: str) -> object:
        found = site.get(lang, path)
        if found is not None:
            _, body = _split((root / found.file).read_text(encoding="utf-8"), found.file)
            html = render(body, found.file, lambda t: _link(found.file, t, by_file, index_html))
            site.pages[(lang, path)] = replace(found, html=html)
        return view(lang=lang, path=path)

    app.view_functions["pages.page"] = page
    return app
