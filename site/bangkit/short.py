"""Short links (/s/CODE/), moved pages and the short links' QR codes.

Live, a short link or an old address answers a permanent redirect. A static host cannot
redirect, so the static copy holds a tiny page there that refreshes to the page, names it as
canonical and links to it (it also carries the page's preview tags, since WhatsApp reads those
and does not follow a refresh).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from bangkit.content import LANGS, ContentError, Page
from bangkit.i18n import route
from bangkit.links import absolute
from bangkit.pages import site
from bangkit.qr import Qr, make_qr
from bangkit.shortlinks import SHORT_FILE, Links, load_links

bp = Blueprint("short", __name__)
SHORT = {"id": "/s/<code>/", "en": "/en/s/<code>/"}


def links() -> Links:
    """The published short links and moved pages, checked at start-up."""
    return current_app.extensions["bangkit.links"]


def absolute_short(lang: str, code: str) -> str:
    """The public address of a short link, as printed and put in its QR code."""
    return absolute("short.short", lang=lang, code=code)


def short_link(lang: str, key: str) -> str | None:
    """The absolute short link of the page with this key, if it has one."""
    code = links().code_of.get(key)
    return absolute_short(lang, code) if code else None


def qr(lang: str, code: str) -> Qr:
    """The QR code of a short link (made at start-up); 404 for an unknown code."""
    found = current_app.extensions["bangkit.qr"].get((lang, code))
    if found is None:
        abort(404)
    return found


@route(bp, SHORT)
def short(lang: str, code: str) -> Response | str:
    """A short link: the page it names, in the language of the link."""
    target = links().short.get(code)
    if target is None:
        abort(404)
    if target.view:
        views = {lg: (target.view, {"lang": lg}) for lg in LANGS}
        return _go(views, lang, None, target.titles[lang])
    return _to_page(lang, target.key or "")


def moved(old: str) -> Response | str:
    """An old page address: the page now."""
    lang, key = links().moved[old]
    return _to_page(lang, key)


def _to_page(lang: str, key: str) -> Response | str:
    pages = {lg: site().by_key[(lg, key)] for lg in LANGS}
    targets = {lg: ("pages.page", {"lang": lg, "path": p.path}) for lg, p in pages.items()}
    return _go(targets, lang, pages[lang], pages[lang].title)


def _go(
    targets: dict[str, tuple[str, dict[str, Any]]], lang: str, page: Page | None, title: str
) -> Response | str:
    endpoint, values = targets[lang]
    if not current_app.config["FREEZING"]:
        # The query goes along: a union's ?ref= code must reach the page and its form.
        query = request.query_string.decode("ascii", "replace")
        return redirect(url_for(endpoint, **values) + (f"?{query}" if query else ""), 301)
    g.alternates = targets  # canonical, hreflang and the language switch name the page itself
    return render_template("redirect.html", lang=lang, page=page, title=title, target=targets[lang])


@route(bp, {lang: path + "qr.svg" for lang, path in SHORT.items()})
def qr_svg(lang: str, code: str) -> Response:
    """The short link's QR code as SVG, for screens and print."""
    return Response(qr(lang, code).svg, mimetype="image/svg+xml")


@route(bp, {lang: path + "qr.png" for lang, path in SHORT.items()})
def qr_png(lang: str, code: str) -> Response:
    """The short link's QR code as PNG, for word processors."""
    return Response(qr(lang, code).png, mimetype="image/png")


def frozen_urls() -> Iterator[tuple[str, dict[str, str]]]:
    """Every short link with its QR codes, and every moved page, for freeze.py."""
    for code in links().short:
        for lang in LANGS:
            for endpoint in ("short.short", "short.qr_svg", "short.qr_png"):
                yield endpoint, {"lang": lang, "code": code}
    for old in links().moved:
        yield "moved", {"old": old}


def init_app(app: Flask) -> None:
    """Load and check the lists, route them, and make every QR code once.

    Call it after every other blueprint is registered: a short link may name their views.
    """
    found = load_links(app.config["CONTENT_DIR"], app.extensions["bangkit.site"])
    app.extensions["bangkit.links"] = found
    for old in found.moved:
        app.add_url_rule(old, "moved", moved, defaults={"old": old})
    app.register_blueprint(bp)
    for code, target in found.short.items():
        if target.view and target.view not in app.view_functions:
            raise ContentError(f"{SHORT_FILE}: '{code}': no view named '{target.view}'")
    with app.test_request_context():
        app.extensions["bangkit.qr"] = {
            (lang, code): make_qr(absolute_short(lang, code))
            for code in found.short
            for lang in LANGS
        }
    app.extensions["bangkit.frozen_urls"].append(frozen_urls)
    app.jinja_env.globals.update(short_link=short_link, qr=qr, links=links)
