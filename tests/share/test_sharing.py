"""Sharing: preview tags on every page, the share block, and the weight it adds."""

from __future__ import annotations

import gzip
import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from flask.testing import FlaskClient

from bangkit.i18n import LOCALES
from support.paths import FROZEN_SITE_URL

SITE = "http://127.0.0.1:5000"
PAGE_BUDGET = 14 * 1024  # DESIGN.md: HTML plus its render-blocking CSS, gzipped


class Head(HTMLParser):
    """The <meta property|name> values, the canonical link and the language of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.lang: str | None = None
        self.css: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.css.append(a["href"])


def head(html: str) -> Head:
    parsed = Head()
    parsed.feed(html)
    return parsed


def in_build(build: Path, url: str) -> Path:
    """The file a public (SITE_URL) address names in the static copy; fails if it is missing."""
    assert url.startswith(FROZEN_SITE_URL + "/"), url
    path = urlsplit(url).path
    file = build / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    assert file.is_file(), f"{url} is not in the build"
    return file


def png_size(file: Path) -> tuple[int, int]:
    data = file.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_every_page_has_canonical_and_preview_tags_that_point_into_the_build(
    build: Path,
) -> None:
    pages = sorted(build.rglob("*.html"))
    assert len(pages) > 40
    for file in pages:
        name = file.relative_to(build).as_posix()
        page = head(file.read_text())
        meta = {k: v[0] for k, v in page.meta.items()}
        assert page.canonical, name
        in_build(build, page.canonical)
        assert meta["og:url"] == page.canonical, name
        for tag in ("og:title", "og:description", "og:site_name", "og:image:alt"):
            assert meta.get(tag, "").strip(), f"{name}: {tag}"
        assert meta["og:type"] in ("website", "article"), name
        assert meta["og:locale"] == LOCALES[page.lang], name
        assert page.meta["og:locale:alternate"] == [v for k, v in LOCALES.items() if k != page.lang]
        assert meta["twitter:card"] == "summary_large_image", name
        image = in_build(build, meta["og:image"])
        # What WhatsApp needs to show the picture: a PNG or JPEG of at least 300 px across,
        # under 300 KB (and this site keeps every image under 30 KB).
        assert meta["og:image:type"] == "image/png"
        width, height = png_size(image)
        assert (str(width), str(height)) == (meta["og:image:width"], meta["og:image:height"])
        assert width >= 300 and image.stat().st_size <= 30 * 1024, image


def test_the_share_block_offers_the_short_link_whatsapp_email_and_qr(client: FlaskClient) -> None:
    html = client.get("/en/training/welding/").get_data(as_text=True)
    link = f"{SITE}/en/s/las/"
    assert f'<input id="share-link" value="{link}" readonly>' in html
    assert 'data-copy="share-link"' in html and " hidden>Copy</button>" in html  # shown by JS
    assert '<script src="../../../static/share.js?v=' in html and '" defer></script>' in html
    assert '<img class="qr" src="../../../en/s/las/qr.svg" width="' in html  # relative, as frozen

    wa = html.split('<a href="https://wa.me/?text=', 1)[1].split('"', 1)[0]
    assert unquote(wa) == f"Welding test\n{link}"
    mail = html.split('<a href="mailto:?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    query = {k: v[0] for k, v in parse_qs(mail).items()}
    assert query["subject"] == "Welding test" and query["body"].endswith(f"\r\n\r\n{link}")


def test_the_share_block_is_in_the_pages_language(client: FlaskClient) -> None:
    html = client.get("/pelatihan/las/").get_data(as_text=True)
    assert "Bagikan halaman ini" in html and "Bagikan ke WhatsApp" in html
    assert 'value="http://127.0.0.1:5000/s/las/"' in html


def test_a_page_without_a_short_link_shares_its_address_and_has_no_qr(
    client: FlaskClient,
) -> None:
    html = client.get("/jkp/").get_data(as_text=True)
    assert f'<input id="share-link" value="{SITE}/jkp/" readonly>' in html
    assert 'class="qr"' not in html


@pytest.mark.slow
def test_every_page_with_the_share_block_stays_within_the_budget(build: Path) -> None:
    shared = [f for f in build.rglob("*.html") if 'id="share-block"' in f.read_text()]
    assert len(shared) > 30
    for file in shared:
        page = head(file.read_text())
        css = sum(
            len(gzip.compress((file.parent / href.split("?")[0]).read_bytes(), 9, mtime=0))
            for href in page.css
        )
        weight = len(gzip.compress(file.read_bytes(), 9, mtime=0)) + css
        assert weight <= PAGE_BUDGET, f"{file.relative_to(build)}: {weight:,} bytes gzipped"
