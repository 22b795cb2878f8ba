"""Short links (/s/CODE/), moved pages, the short links' QR codes, and the flyers (one for each
workshop, and one for JKP).

Live, a short link or an old address answers a permanent redirect. A static host cannot
redirect, so the static copy holds a tiny page there that refreshes to the page, names it as
canonical and links to it (it also carries the page's preview tags, since WhatsApp reads those
and does not follow a refresh).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from bangkit.config import frozen
from bangkit.content import LANGS, Page
from bangkit.extensions import site
from bangkit.i18n import route
from bangkit.render import same_for_everyone
from bangkit.share.block import links, qr, share

bp = Blueprint("share", __name__)
SHORT = {"id": "/s/<code>/", "en": "/en/s/<code>/"}


@route(bp, SHORT)
def short(lang: str, code: str) -> BaseResponse | str:
    """A short link: the page it names, in the language of the link."""
    target = links().short.get(code)
    if target is None:
        abort(404)
    if target.view:
        views = {lg: (target.view, {"lang": lg}) for lg in LANGS}
        return _go(views, lang, None, target.titles[lang])
    return _to_page(lang, target.key or "")


def moved(old: str) -> BaseResponse | str:
    """An old page address: the page now."""
    lang, key = links().moved[old]
    return _to_page(lang, key)


def _to_page(lang: str, key: str) -> BaseResponse | str:
    pages = {lg: site().by_key[(lg, key)] for lg in LANGS}
    targets = {lg: ("pages.page", {"lang": lg, "path": p.path}) for lg, p in pages.items()}
    return _go(targets, lang, pages[lang], pages[lang].title)


def _go(
    targets: dict[str, tuple[str, dict[str, Any]]], lang: str, page: Page | None, title: str
) -> BaseResponse | str:
    endpoint, values = targets[lang]
    if not frozen():
        # The query goes along: a union's ?ref= code must reach the page and its form.
        query = request.query_string.decode("ascii", "replace")
        return redirect(url_for(endpoint, **values) + (f"?{query}" if query else ""), 301)
    g.alternates = targets  # canonical, hreflang and the language switch name the page itself
    return render_template(
        "share/redirect.html", lang=lang, page=page, title=title, target=targets[lang]
    )


@route(bp, {lang: path + "qr.svg" for lang, path in SHORT.items()})
@same_for_everyone
def qr_svg(lang: str, code: str) -> Response:
    """The short link's QR code as SVG, for screens and print."""
    return Response(qr(lang, code).svg, mimetype="image/svg+xml")


@route(bp, {lang: path + "qr.png" for lang, path in SHORT.items()})
@same_for_everyone
def qr_png(lang: str, code: str) -> Response:
    """The short link's QR code as PNG, for word processors."""
    return Response(qr(lang, code).png, mimetype="image/png")


JKP_FLYER = "jkp"  # the key of the JKP page: its flyer gives the claim deadline and the rules
# The rule figures the JKP flyer prints (content/rules/jkp-numbers.yaml).
FLYER_FIGURES = (
    "claim-months",
    "cash-rate",
    "most-monthly",
    "benefit-months",
    "regulation",
    "in-force",
    "arrears-months",
)


def _flyer_pages(lang: str) -> list[Page]:
    """The pages that have a flyer: every workshop, and the JKP page."""
    return [p for p in site().in_lang(lang) if p.layout == "workshop" or p.key == JKP_FLYER]


@route(bp, {"id": "/serikat/selebaran/<key>/", "en": "/en/unions/flyer/<key>/"})
@same_for_everyone
def flyer(lang: str, key: str) -> str:
    """A one-page A4 flyer: a workshop's key facts, or JKP's; and the QR code of its short link."""
    page = site().by_key.get((lang, key))
    if page is None or page not in _flyer_pages(lang):
        abort(404)
    if page.key == JKP_FLYER:
        figures = {name: site().figures[name].text(lang) for name in FLYER_FIGURES}
        return render_template(
            "share/flyer-jkp.html", lang=lang, page=page, s=share(page), figures=figures
        )
    jkp = site().by_key.get((lang, JKP_FLYER))
    return render_template(
        "share/flyer.html", lang=lang, page=page, s=share(page), jkp=share(jkp) if jkp else None
    )


def frozen_urls() -> Iterator[tuple[str, dict[str, str]]]:
    """Every short link with its QR codes, every moved page and every flyer, for freeze.py."""
    for code in links().short:
        for lang in LANGS:
            for endpoint in ("share.short", "share.qr_svg", "share.qr_png"):
                yield endpoint, {"lang": lang, "code": code}
    for old in links().moved:
        yield "moved", {"old": old}
    for lang in LANGS:
        for page in _flyer_pages(lang):
            yield "share.flyer", {"lang": lang, "key": page.key}
