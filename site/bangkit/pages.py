"""Content pages, the 404 page, sitemap.xml, robots.txt and the Atom news feeds."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

from flask import Blueprint, Response, abort, g, render_template
from werkzeug.exceptions import NotFound

from bangkit.clock import WIB
from bangkit.config import frozen
from bangkit.content import LANGS, Page
from bangkit.extensions import site
from bangkit.i18n import current_lang, route
from bangkit.render import same_for_everyone
from bangkit.share.block import share, union_kit
from bangkit.urls import absolute, use_absolute_links

bp = Blueprint("pages", __name__)

# Pages other than content pages that search engines should list (each takes `lang`).
SITEMAP_ENDPOINTS = ("jkp.checker", "jkp.calculator")
ATOM = "application/atom+xml"
# Feed ids come from this constant (made once at random for this site: never change it) and the
# translation key, never from an address: a reader must see an item as the same item even
# after the site or the page moves.
ID_NAMESPACE = uuid.UUID("c2a4b568-d2ca-4e46-8b98-a65bdf4a6342")


@route(bp, {"id": "/", "en": "/en/"}, defaults={"path": ""})
@route(bp, {"id": "/<path:path>/", "en": "/en/<path:path>/"})
@same_for_everyone
def page(lang: str, path: str) -> str:
    """A content page, in the layout its front matter names."""
    found = site().get(lang, path)
    if found is None:
        abort(404)
    g.alternates = {
        other: ("pages.page", {"path": site().counterpart(found, other).path}) for other in LANGS
    }
    return render_template(
        [f"pages/{found.layout}.html", "pages/page.html"],
        page=found,
        lang=lang,
        share=share(found),
        kit=union_kit(lang) if found.layout == "unions" else (),
    )


@route(bp, {"id": "/404.html", "en": "/en/404.html"})
@same_for_everyone
def not_found_page(lang: str) -> str:
    """The 404 page as a file, for static hosts that serve 404.html for missing paths.

    A host serves it at any depth, so in the static copy its links are absolute.
    """
    if frozen():
        use_absolute_links()
    return render_template("pages/404.html", lang=lang)


def not_found(error: NotFound) -> tuple[str, int]:
    """Any unknown URL: the 404 page in the language its path suggests."""
    return render_template("pages/404.html", lang=current_lang()), 404


@bp.route("/sitemap.xml")
@same_for_everyone
def sitemap() -> Response:
    """Every page (content pages and the tools) with its counterpart in the other language."""
    pages = sorted(site().pages.values(), key=_sort_key)
    # Each page's address found once (it is also its counterpart's alternate), and the entries
    # made here: a sitemap of 4,000 pages took a third of a second as template calls.
    address = {(p.lang, p.path): absolute("pages.page", lang=p.lang, path=p.path) for p in pages}
    entries = [
        (
            address[(p.lang, p.path)],
            p.checked.isoformat(),
            [(lg, address[(lg, site().counterpart(p, lg).path)]) for lg in LANGS],
        )
        for p in pages
    ]
    xml = render_template("pages/sitemap.xml", entries=entries, endpoints=SITEMAP_ENDPOINTS)
    return Response(xml, mimetype="application/xml")


@bp.route("/robots.txt")
@same_for_everyone
def robots() -> Response:
    """Everything may be indexed; the sitemap says where the pages are."""
    return Response(render_template("pages/robots.txt"), mimetype="text/plain")


def atom_id(*parts: str) -> str:
    """A permanent Atom id (urn:uuid:...) for a feed or an entry."""
    return uuid.uuid5(ID_NAMESPACE, "/".join(parts)).urn


def updated(page: Page) -> dt.date:
    """When an item last changed: its date, or the day its facts were checked if later."""
    return max(d for d in (page.date, page.checked) if d is not None)


def atom_date(day: dt.date) -> str:
    """A day as an Atom (RFC 3339) date-time: its start, in Indonesia's western time zone."""
    return dt.datetime.combine(day, dt.time(), WIB).isoformat()


@route(bp, {"id": "/berita/feed.xml", "en": "/en/news/feed.xml"})
@same_for_everyone
def news_feed(lang: str) -> Response:
    """The news items of one language, newest first."""
    pages = site().in_lang(lang)
    items = sorted(
        (p for p in pages if p.layout == "news"), key=lambda p: p.date or dt.date.min, reverse=True
    )
    index = next(p for p in pages if p.layout == "news-index")
    xml = render_template(
        "pages/feed.xml",
        lang=lang,
        index=index,
        items=[
            (p, atom_id(lang, p.key), atom_date(p.date or p.checked), atom_date(updated(p)))
            for p in items
        ],
        feed_id=atom_id(lang, index.key),
        feed_updated=atom_date(max(updated(p) for p in [index, *items])),
    )
    # A static host serves it as .xml, by its extension; live it says what it is.
    return Response(xml, mimetype=ATOM)


def _sort_key(p: Page) -> tuple[str, str]:
    return (p.lang, p.path)


def frozen_urls() -> Iterator[tuple[str, dict[str, str]]]:
    """Every URL of this blueprint, for freeze.py."""
    for p in sorted(site().pages.values(), key=_sort_key):
        yield "pages.page", {"lang": p.lang, "path": p.path}
    for lang in LANGS:
        yield "pages.not_found_page", {"lang": lang}
        yield "pages.news_feed", {"lang": lang}
    yield "pages.sitemap", {}
    yield "pages.robots", {}
