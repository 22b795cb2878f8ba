"""The same app built another way, as a baseline: every content page rendered on every request,
its Markdown read and rendered again too."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

from bangkit.config import frozen
from bangkit.content import _link, _split
from bangkit.markdown import render
from bangkit.render import render as render_url


def rendering_per_request(app: Flask) -> Flask:
    """Make content pages read and render their Markdown, then their template, each time they
    are asked for.

    The site renders every page once (bangkit.render) and serves those bytes; this is what it
    would cost not to. The answer is the same bytes.
    """
    site = app.extensions["bangkit.site"]
    root = Path(app.config["CONTENT_DIR"])
    by_file = {page.file: key for key, page in site.pages.items()}
    view = app.view_functions["pages.page"]

    def page(lang: str, path: str) -> Any:
        if frozen():  # inside render_url, below: the page itself
            return view(lang=lang, path=path)
        found = site.get(lang, path)
        if found is not None:
            _, body = _split((root / found.file).read_text(encoding="utf-8"), found.file)
            html = render(body, found.file, lambda t: _link(found.file, t, by_file, True))
            site.pages[(lang, path)] = replace(found, rendered=html)
        done = render_url(app, request.path)  # no kept rendering: this view is not shared
        return Response(done.body, content_type=done.content_type)

    app.view_functions["pages.page"] = page
    return app
