"""Content pages, the 404 page, sitemap.xml and robots.txt."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, g, render_template
from werkzeug.exceptions import NotFound

from bangkit.content import LANGS, Page, Site
from bangkit.i18n import current_lang, route

bp = Blueprint("pages", __name__)


def site() -> Site:
    """The content loaded at start-up."""
    return current_app.extensions["bangkit.site"]


@route(bp, {"id": "/", "en": "/en/"}, defaults={"path": ""})
@route(bp, {"id": "/<path:path>/", "en": "/en/<path:path>/"})
def page(lang: str, path: str) -> str:
    """A content page, in the layout its front matter names."""
    found = site().get(lang, path)
    if found is None:
        abort(404)
    g.alternates = {
        other: ("pages.page", {"path": site().counterpart(found, other).path}) for other in LANGS
    }
    return render_template("content.html", page=found, lang=lang)


@route(bp, {"id": "/404.html", "en": "/en/404.html"})
def not_found_page(lang: str) -> str:
    """The 404 page as a file, for static hosts that serve 404.html for missing paths.

    A host serves it at any depth, so its links are absolute.
    """
    g.absolute_urls = current_app.config["FREEZING"]
    return render_template("404.html", lang=lang)


def not_found(error: NotFound) -> tuple[str, int]:
    """Any unknown URL: the 404 page in the language its path suggests."""
    return render_template("404.html", lang=current_lang()), 404


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    """Every page (content pages and the tools) with its counterpart in the other language."""
    xml = render_template(
        "sitemap.xml",
        pages=sorted(site().pages.values(), key=_sort_key),
        endpoints=current_app.extensions["bangkit.sitemap"],
    )
    return Response(xml, mimetype="application/xml")


@bp.route("/robots.txt")
def robots() -> Response:
    """Everything may be indexed; the sitemap says where the pages are."""
    return Response(render_template("robots.txt"), mimetype="text/plain")


def _sort_key(p: Page) -> tuple[str, str]:
    return (p.lang, p.path)


def frozen_urls() -> Iterator[tuple[str, dict[str, str]]]:
    """Every URL of this blueprint, for freeze.py."""
    for p in sorted(site().pages.values(), key=_sort_key):
        yield "pages.page", {"lang": p.lang, "path": p.path}
    for lang in LANGS:
        yield "pages.not_found_page", {"lang": lang}
    yield "pages.sitemap", {}
    yield "pages.robots", {}
