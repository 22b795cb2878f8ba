"""For unions: the kit of links, QR codes and texts on the unions page, and printable flyers."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Flask, abort, render_template

from bangkit.content import Page
from bangkit.i18n import route
from bangkit.links import url
from bangkit.pages import site
from bangkit.share import Share, share
from bangkit.short import absolute_short, links

bp = Blueprint("unions", __name__)


def kit(lang: str) -> list[tuple[Share, str, Page | None]]:
    """Every page with a short link, in the order of content/short-links.yaml.

    Each comes with the link to it and, for a content page, the page (None for a tool).
    """
    found = []
    for code, target in links().short.items():
        if target.view:
            href = url(target.view, lang=lang)
            shared = Share(target.titles[lang], "", absolute_short(lang, code), code)
            found.append((shared, href, None))
        elif target.key and links().code_of[target.key] == code:  # not an older alias
            page = site().by_key[(lang, target.key)]
            found.append((share(page), url("pages.page", lang=lang, path=page.path), page))
    return found


@route(bp, {"id": "/serikat/selebaran/<key>/", "en": "/en/unions/flyer/<key>/"})
def flyer(lang: str, key: str) -> str:
    """A one-page A4 flyer for a workshop: the key facts and the QR code of its short link."""
    page = site().by_key.get((lang, key))
    if page is None or page.layout != "workshop":
        abort(404)
    jkp = site().by_key.get((lang, "jkp"))
    return render_template(
        "flyer.html", lang=lang, page=page, s=share(page), jkp=share(jkp) if jkp else None
    )


def frozen_urls() -> Iterator[tuple[str, dict[str, str]]]:
    """A flyer for every workshop in both languages, for freeze.py."""
    for (lang, _), page in sorted(site().pages.items()):
        if page.layout == "workshop":
            yield "unions.flyer", {"lang": lang, "key": page.key}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.extensions["bangkit.frozen_urls"].append(frozen_urls)
    app.jinja_env.globals.update(union_kit=kit)
