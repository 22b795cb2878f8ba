"""An Atom feed of the news in each language."""

from __future__ import annotations

import datetime as dt
import mimetypes
import uuid

from flask import Blueprint, Flask, Response, current_app, render_template

from bangkit.content import LANGS, Page
from bangkit.i18n import route
from bangkit.pages import site

bp = Blueprint("feed", __name__)
ATOM = "application/atom+xml"
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
# Ids come from this constant (made once at random for this site: never change it) and the
# translation key, never from an address: a reader must see an item as the same item even
# after the site or the page moves.
ID_NAMESPACE = uuid.UUID("c2a4b568-d2ca-4e46-8b98-a65bdf4a6342")


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
def news(lang: str) -> Response:
    """The news items of one language, newest first."""
    pages = site().in_lang(lang)
    items = sorted((p for p in pages if p.layout == "news"), key=lambda p: p.date, reverse=True)
    index = next(p for p in pages if p.layout == "news-index")
    xml = render_template(
        "feed.xml",
        lang=lang,
        index=index,
        items=items,
        feed_id=atom_id(lang, index.key),
        feed_updated=atom_date(max(updated(p) for p in [index, *items])),
    )
    # A static host serves .xml by its extension, and Frozen-Flask warns when the two differ.
    frozen = current_app.config["FREEZING"]
    return Response(xml, mimetype=mimetypes.guess_type("feed.xml")[0] if frozen else ATOM)


def frozen_urls() -> list[tuple[str, dict[str, str]]]:
    """Both feeds, for freeze.py."""
    return [("feed.news", {"lang": lang}) for lang in LANGS]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.extensions["bangkit.frozen_urls"].append(frozen_urls)
    app.jinja_env.globals.update(atom_id=atom_id, atom_date=atom_date, updated=updated)
