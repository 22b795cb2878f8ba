"""Helpers the templates use: asset URLs with a content hash, dates, links to pages by key."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app
from flask_babel import format_date

from bangkit.links import absolute, link_to, url
from bangkit.pages import site


@cache
def _digest(folder: str, filename: str) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:10]


def asset(filename: str) -> str:
    """A static file's URL with a hash of its content, so it can be cached for a year."""
    return url("static", filename=filename, v=_digest(str(current_app.static_folder), filename))


def page_url(lang: str, key: str, fragment: str = "") -> str:
    """The URL of the page with this translation key (relative when freezing)."""
    path = site().by_key[(lang, key)].path
    return url("pages.page", lang=lang, path=path) + (f"#{fragment}" if fragment else "")


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        asset=asset, page_url=page_url, site=site, url=url, absolute=absolute, link_to=link_to
    )
    app.jinja_env.filters["date"] = lambda d: format_date(d, "d MMMM y")
