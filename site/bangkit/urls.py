"""Every way the site builds a URL, and every helper templates call, registered in one place.

Live, links are root-relative. In the static copy's rendering (render.py), which the live app
also serves for pages that are the same for everyone, they are relative (Frozen-Flask's
relative_url_for), so the copy works from any folder and from disk. Link previews,
canonical links, feeds and QR codes need the public address: `absolute`.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any, cast

from flask import Flask, current_app, g, request, url_for
from flask_babel import format_date
from flask_frozen import relative_url_for

from bangkit.config import frozen
from bangkit.content import LANGS
from bangkit.extensions import site
from bangkit.http import csp_meta
from bangkit.i18n import LOCALES, other_lang
from bangkit.operator import operator

# The link-preview image per language: file under static/, width, height
# (made by site/tools/share_image.py).
SHARE_IMAGES = {lang: (f"share-{lang}.png", 1200, 630) for lang in LANGS}
# A union's code in a link (?ref=): lower-case letters, digits and '-'.
REFERRAL = re.compile(r"[a-z0-9-]{1,40}")


def absolute(endpoint: str, **values: Any) -> str:
    """The URL on the configured public site address."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def use_absolute_links() -> None:
    """Make every link of this response absolute: for a page served at any depth (404.html)."""
    g.absolute_links = True


def url(endpoint: str, **values: Any) -> str:
    """The URL templates link with: relative in the static copy's rendering (ending in
    index.html, as Frozen-Flask makes them), absolute where asked, else from the root."""
    if g.get("absolute_links"):
        return absolute(endpoint, **values)
    if frozen():
        return cast(str, relative_url_for(endpoint, **values))
    return url_for(endpoint, **values)


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


@cache
def _digest(folder: str, filename: str) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:10]


def asset(filename: str) -> str:
    """A static file's URL with a hash of its content, so it can be cached for a year."""
    return url("static", filename=filename, v=_digest(str(current_app.static_folder), filename))


def page_url(lang: str, key: str, fragment: str = "") -> str:
    """The URL of the page with this translation key."""
    path = site().by_key[(lang, key)].path
    return url("pages.page", lang=lang, path=path) + (f"#{fragment}" if fragment else "")


def share_image(lang: str) -> tuple[str, int, int]:
    """The preview image of a language: its absolute URL, width and height."""
    name, width, height = SHARE_IMAGES[lang]
    return absolute("static", filename=name), width, height


def referral_code(value: str | None) -> str | None:
    """The referral code from a link, if it is a short slug; anything else is ignored."""
    return value if value and REFERRAL.fullmatch(value) else None


def referral() -> str | None:
    """This request's referral code, for links that carry it on to a form."""
    return referral_code(request.args.get("ref"))


def init_app(app: Flask) -> None:
    """Every Jinja global and filter the templates use."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        LANGS=LANGS,
        LOCALES=LOCALES,
        other_lang=other_lang,
        site=site,
        url=url,
        absolute=absolute,
        link_to=link_to,
        asset=asset,
        page_url=page_url,
        referral=referral,
        share_image=share_image,
        csp_meta=csp_meta,
        operator=operator,
    )
    app.jinja_env.filters["date"] = lambda d: format_date(d, "d MMMM y")
    app.context_processor(lambda: {"frozen": frozen()})
