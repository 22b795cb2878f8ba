"""Short links and moved pages: live redirects, the static copy's refresh pages, start-up checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from bangkit import create_app
from bangkit.content import ContentError, url_of
from bangkit.share.links import load_links
from support.paths import FIXTURE_CONTENT, FROZEN_SITE_URL, REAL_CONTENT

SITE = "http://127.0.0.1:5000"
PUBLISHED = yaml.safe_load((REAL_CONTENT / "short-links.yaml").read_text()) or {}
MOVED = yaml.safe_load((REAL_CONTENT / "moved-pages.yaml").read_text()) or {}


def _target(app: Flask, code: str, lang: str, published: dict = PUBLISHED) -> str:
    """Where a published code must lead, worked out from the list itself, not from the app."""
    value = published[code]
    if isinstance(value, dict):
        with app.test_request_context():
            from flask import url_for

            return url_for(value["view"], lang=lang)
    page = app.extensions["bangkit.site"].by_key[(lang, value)]
    return url_of(lang, page.path)


@pytest.mark.parametrize(("url", "to"), [
    ("/s/las/", "/pelatihan/las/"),
    ("/en/s/las/", "/en/training/welding/"),
    ("/pelatihan/las-lama/", "/pelatihan/las/"),  # moved pages, from tests/content/moved-pages.yaml
    ("/en/training/old-welding/", "/en/training/welding/"),
])  # fmt: skip
def test_short_links_and_moved_pages_redirect_permanently(
    client: FlaskClient, url: str, to: str
) -> None:
    response = client.get(url)
    assert response.status_code in (301, 308)
    assert response.headers["Location"] == to
    assert client.get(to).status_code == 200


def test_a_referral_code_goes_along_with_the_redirect(client: FlaskClient) -> None:
    response = client.get("/s/las/?ref=sp-contoh")
    assert response.headers["Location"] == "/pelatihan/las/?ref=sp-contoh"


def test_unknown_codes_are_not_found(client: FlaskClient) -> None:
    for url in ("/s/nope/", "/en/s/nope/", "/s/nope/qr.svg", "/en/s/nope/qr.png"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("code", sorted(PUBLISHED))
def test_every_published_short_link_resolves_live(real_app: Flask, code: str) -> None:
    client = real_app.test_client()
    for lang, prefix in (("id", ""), ("en", "/en")):
        response = client.get(f"{prefix}/s/{code}/")
        assert response.status_code in (301, 308), (code, lang)
        assert response.headers["Location"] == _target(real_app, code, lang)
        assert client.get(response.headers["Location"]).status_code == 200


def test_every_moved_page_resolves_live(real_app: Flask, app: Flask) -> None:
    fixture = yaml.safe_load((FIXTURE_CONTENT / "moved-pages.yaml").read_text())
    for each, moved in ((real_app, MOVED), (app, fixture)):  # the real list may still be empty
        for old, key in moved.items():
            lang = "en" if old.startswith("/en/") else "id"
            page = each.extensions["bangkit.site"].by_key[(lang, key)]
            response = each.test_client().get(old)
            assert response.status_code in (301, 308), old
            assert response.headers["Location"] == url_of(lang, page.path), old


def _refresh(html: str) -> str:
    found = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    assert found, "no refresh"
    return found.group(1)


def _check_static_copy(build: Path, app: Flask, published: dict, moved: dict) -> None:
    """Each short link and old address is a file that refreshes to its page and names it."""
    pages = app.extensions["bangkit.site"]
    cases = [
        (f"{prefix}s/{code}/", lang, _target(app, code, lang, published))
        for code in published
        for lang, prefix in (("id", ""), ("en", "en/"))
    ]
    for old, key in moved.items():
        lang = "en" if old.startswith("/en/") else "id"
        cases.append((old.lstrip("/"), lang, url_of(lang, pages.by_key[(lang, key)].path)))
    for path, lang, target in cases:
        file = build / path / "index.html"
        html = file.read_text()
        # Relative, so the copy works from any folder; it names a file that exists.
        refresh = _refresh(html)
        assert not refresh.startswith(("/", "http")), refresh
        landed = (file.parent / refresh).resolve()
        assert landed == (build / target.lstrip("/") / "index.html").resolve(), path
        assert landed.is_file()
        assert f'<link rel="canonical" href="{FROZEN_SITE_URL}{target}">' in html
        assert f'<meta property="og:url" content="{FROZEN_SITE_URL}{target}">' in html
        assert f'href="{refresh}"' in html  # a plain link, for when the refresh is off
        assert f'<html lang="{lang}">' in html


@pytest.mark.slow
def test_every_published_short_link_resolves_in_the_static_copy(
    build: Path, real_app: Flask
) -> None:
    assert PUBLISHED, "the list of published short links is empty"
    _check_static_copy(build, real_app, PUBLISHED, MOVED)


@pytest.mark.slow
def test_short_links_and_moved_pages_of_the_fixture_in_its_static_copy(
    app: Flask, fixture_build: Path
) -> None:
    moved = yaml.safe_load((FIXTURE_CONTENT / "moved-pages.yaml").read_text())
    assert moved
    _check_static_copy(fixture_build, app, {"las": "las"}, moved)


@pytest.mark.slow
def test_refresh_pages_keep_their_own_language_and_relative_links(build: Path) -> None:
    html = (build / "en" / "s" / "las" / "index.html").read_text()
    assert '<html lang="en">' in html and "Skip to content" in html
    assert 'href="../../../static/style.css?v=' in html
    # The preview tags of the page itself: WhatsApp reads them and does not follow a refresh.
    assert '<meta property="og:title" content="Welding">' in html


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


def _load(tree: Path) -> None:
    from bangkit.content import load

    load_links(tree, load(tree))


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("id/pelatihan/las.md", "short: las\n", "",
     "short-links.yaml: published short link 'las' disappeared from the front matter of "
     "id/pelatihan/las.md: put back 'short: las'"),
    ("id/pelatihan/las.md", "short: las", "short: las2",
     "id/pelatihan/las.md: field 'short': 'las2' is not listed in content/short-links.yaml"),
    ("short-links.yaml", "las: las", "las: las\nlama: nowhere",
     "short-links.yaml: published short link 'lama' opens the page with key 'nowhere', which "
     "no longer exists"),
    ("short-links.yaml", "las: las", "las: jkp",
     "content/short-links.yaml says 'las' opens the page with key 'jkp', not 'las'"),
    ("en/training/welding.md", "key: las\n", "key: las\nshort: weld\n",
     "en/training/welding.md: field 'short': the other language already has code 'las'"),
    ("short-links.yaml", "las: las", "las: las\nx y: las", "short-links.yaml: 'x y': a code is"),
    ("short-links.yaml", "las: las", "las: las\ncek: {view: jkp.checker}",
     "short-links.yaml: 'cek': the target is a page key, or {view: endpoint, title: {id"),
    ("moved-pages.yaml", "/pelatihan/las-lama/: las", "/jkp/: las",
     "moved-pages.yaml: '/jkp/': a page has this address now"),
    ("moved-pages.yaml", "/pelatihan/las-lama/: las", "/lama/: nowhere",
     "moved-pages.yaml: '/lama/': no page has key 'nowhere'"),
    ("moved-pages.yaml", "/pelatihan/las-lama/: las", "lama: las",
     "moved-pages.yaml: 'lama': an old address starts and ends with '/'"),
])  # fmt: skip
def test_broken_link_lists_stop_the_site_naming_the_entry(
    tree: Path, file: str, old: str, new: str, message: str
) -> None:
    _edit(tree / file, old, new)
    with pytest.raises(ContentError) as caught:
        _load(tree)
    assert message in str(caught.value)


def test_a_short_link_to_a_view_that_does_not_exist_stops_the_site(tree: Path) -> None:
    view = "{view: nowhere.check, title: {id: Cek, en: Check}}"
    _edit(tree / "short-links.yaml", "las: las", f"las: las\ncek: {view}")
    with pytest.raises(ContentError, match="'cek': no view named 'nowhere.check'"):
        create_app({"TESTING": True, "CONTENT_DIR": str(tree), "SECRET_KEY": "t"})


def test_a_short_link_can_open_a_view_that_is_not_content(tree: Path) -> None:
    view = "{view: enrol.form, title: {id: Minta ikut, en: Ask to join}}"
    _edit(tree / "short-links.yaml", "las: las", f"las: las\nminta: {view}")
    app = create_app({"TESTING": True, "CONTENT_DIR": str(tree), "SECRET_KEY": "t"})
    response = app.test_client().get("/en/s/minta/")
    assert (response.status_code, response.headers["Location"]) == (301, "/en/enrol/")
