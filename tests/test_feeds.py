"""The Atom feed of news, one per language."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.content import url_of
from support.apps import app_with
from support.paths import FROZEN_SITE_URL

A = "{http://www.w3.org/2005/Atom}"
SITE = "http://127.0.0.1:5000"
FEEDS = {"id": "/berita/feed.xml", "en": "/en/news/feed.xml"}


def _date(text: str | None) -> dt.datetime:
    """An RFC 3339 date-time with its offset, as Atom requires."""
    assert text
    moment = dt.datetime.fromisoformat(text)
    assert moment.tzinfo is not None, text
    return moment


def check_feed(xml: bytes, lang: str, app: Flask, site: str = SITE) -> ET.Element:
    """Parse a feed, check what Atom (RFC 4287) requires, and that it holds every news item."""
    feed = ET.fromstring(xml)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{A}{name}") is not None, name
    assert feed.findtext(f"{A}id", "").startswith("urn:uuid:")
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == site + FEEDS[lang]
    updated = _date(feed.findtext(f"{A}updated"))

    news = [p for p in app.extensions["bangkit.site"].in_lang(lang) if p.layout == "news"]
    entries = feed.findall(f"{A}entry")
    assert news and len(entries) == len(news)
    ids = set()
    for page in news:
        href = site + url_of(lang, page.path)
        [entry] = [e for e in entries if e.find(f"{A}link").get("href") == href]
        assert entry.findtext(f"{A}title") == page.title
        assert entry.findtext(f"{A}summary") == page.description
        ids.add(entry.findtext(f"{A}id"))
        assert _date(entry.findtext(f"{A}updated")) <= updated
        assert _date(entry.findtext(f"{A}published")).date() == page.date
    assert len(ids) == len(news) and all(i.startswith("urn:uuid:") for i in ids)
    return feed


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_feed_is_atom_and_holds_every_news_item(real_app: Flask, lang: str) -> None:
    response = real_app.test_client().get(FEEDS[lang])
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    check_feed(response.data, lang, real_app)


def test_ids_come_from_the_key_so_they_survive_a_move(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    before = ET.fromstring(client.get(FEEDS["en"]).data)
    moved = app_with(tmp_path, SITE_URL="https://elsewhere.example").test_client()
    after = ET.fromstring(moved.get(FEEDS["en"]).data)
    ids = [[e.findtext(f"{A}id") for e in f.iter(f"{A}entry")] for f in (before, after)]
    assert ids[0] and ids[0] == ids[1]
    assert after.find(f"{A}link[@rel='self']").get("href").startswith("https://elsewhere.example")
    # Each language is its own feed, so the same item has a different id in each.
    other = ET.fromstring(client.get(FEEDS["id"]).data)
    assert not set(ids[0]) & {e.findtext(f"{A}id") for e in other.iter(f"{A}entry")}


def test_every_page_links_to_the_feed_of_its_language(client: FlaskClient) -> None:
    for url, lang in (("/", "id"), ("/jkp/", "id"), ("/en/training/welding/", "en")):
        html = client.get(url).get_data(as_text=True)
        href = re.escape(SITE + FEEDS[lang])
        assert re.search(
            f'<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="{href}">',
            html,
        )


@pytest.mark.slow
def test_the_feeds_are_in_the_static_copy(build: Path, real_app: Flask) -> None:
    for lang, path in FEEDS.items():
        check_feed((build / path.lstrip("/")).read_bytes(), lang, real_app, FROZEN_SITE_URL)
