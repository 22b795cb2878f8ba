"""Building URLs that work live, in the static copy (relative) and in link previews (absolute)."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request, url_for


def absolute(endpoint: str, **values: Any) -> str:
    """The URL on the configured public site address."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def url(endpoint: str, **values: Any) -> str:
    """The URL templates link with.

    While freezing, Frozen-Flask swaps the Jinja `url_for` for one that makes relative URLs, so
    the copy works from any folder; a page served at many paths (the static 404 page) sets
    g.absolute_urls.
    """
    if g.get("absolute_urls"):
        return absolute(endpoint, **values)
    return current_app.jinja_env.globals["url_for"](endpoint, **values)


def link_to(lang: str, external: bool = False) -> str:
    """This page in `lang`.

    A view whose other-language URL differs in more than `lang` sets g.alternates to
    {lang: (endpoint, values)}; a request that matched no route gets the home page.
    """
    if "alternates" in g:
        endpoint, values = g.alternates[lang]
    elif request.url_rule is None or request.endpoint is None:
        endpoint, values = "pages.page", {"path": ""}
    else:
        endpoint, values = request.endpoint, {**(request.view_args or {})}
    values = {**values, "lang": lang}
    return absolute(endpoint, **values) if external else url(endpoint, **values)
