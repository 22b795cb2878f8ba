"""Low-bandwidth serving: compressed responses, cache headers, precompressed copies, favicon."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from flask import Flask, make_response
from flask.testing import FlaskClient

from bangkit.http import IMMUTABLE, NO_STORE, PAGE
from freeze import TEXT, precompress


def _get(client: FlaskClient, url: str, **headers: str) -> tuple[int, dict, bytes]:
    with client.get(url, headers=headers) as response:  # closes a static file
        return response.status_code, dict(response.headers), response.data


def _stylesheet(client: FlaskClient) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(r'href="(/static/style\.css\?v=\w+)"', html).group(1)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_and_static_files_are_compressed(client: FlaskClient, encoding: str) -> None:
    for url in ("/", _stylesheet(client)):
        _, plain_headers, plain = _get(client, url)
        status, headers, body = _get(client, url, **{"Accept-Encoding": encoding})
        assert status == 200 and headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in headers["Vary"]
        unpacked = brotli.decompress(body) if encoding == "br" else gzip.decompress(body)
        assert unpacked == plain and len(body) < len(plain) / 2, url
        assert "Content-Encoding" not in plain_headers


def test_a_hashed_static_file_is_cached_for_a_year(client: FlaskClient) -> None:
    status, headers, _ = _get(client, _stylesheet(client))
    assert status == 200 and headers["Cache-Control"] == IMMUTABLE
    # Without its hash the same file may change at any time: the browser asks each time.
    _, headers, _ = _get(client, "/static/style.css")
    assert "immutable" not in headers["Cache-Control"] and "no-cache" in headers["Cache-Control"]


def test_a_page_is_cached_briefly_and_revalidates_with_a_tiny_304(client: FlaskClient) -> None:
    status, headers, _ = _get(client, "/jkp/")
    assert status == 200 and headers["Cache-Control"] == PAGE == "public, max-age=300"
    status, again, body = _get(client, "/jkp/", **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b"" and again["Cache-Control"] == PAGE
    # The same with compression: the ETag names the encoding, and still revalidates.
    _, packed, _ = _get(client, "/jkp/", **{"Accept-Encoding": "br"})
    assert packed["ETag"] != headers["ETag"]
    status, _, body = _get(
        client, "/jkp/", **{"Accept-Encoding": "br", "If-None-Match": packed["ETag"]}
    )
    assert status == 304 and body == b""


def test_errors_and_answers_to_a_post_are_never_cached(client: FlaskClient) -> None:
    status, headers, _ = _get(client, "/no-such-page/")
    assert status == 404 and headers["Cache-Control"] == NO_STORE
    response = client.post("/daftar/las/", data={})
    assert response.status_code == 422 and response.headers["Cache-Control"] == NO_STORE


def test_a_view_that_sets_its_own_cache_control_keeps_it(app: Flask) -> None:
    @app.get("/private-thing")
    def private_thing() -> object:
        return make_response("personal", 200, {"Cache-Control": "private, max-age=10"})

    @app.get("/with-a-cookie")
    def with_a_cookie() -> object:
        response = make_response("hello")
        response.set_cookie("flavour", "kue")
        return response

    client = app.test_client()
    assert client.get("/private-thing").headers["Cache-Control"] == "private, max-age=10"
    assert client.get("/with-a-cookie").headers["Cache-Control"] == NO_STORE


def test_the_favicon_is_served_and_linked(client: FlaskClient) -> None:
    status, headers, body = _get(client, "/favicon.ico")
    assert status == 200 and body.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert headers["Content-Type"] in ("image/vnd.microsoft.icon", "image/x-icon")
    html = client.get("/").get_data(as_text=True)
    svg = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html).group(1)
    status, headers, body = _get(client, svg)
    assert status == 200 and body.startswith(b"<svg")
    assert headers["Content-Type"].startswith("image/svg+xml")
    assert '<link rel="icon" href="/favicon.ico"' in html


@pytest.mark.slow
def test_the_frozen_build_has_the_favicon_linked_from_every_page(build: Path) -> None:
    assert (build / "favicon.ico").read_bytes().startswith(b"\x00\x00\x01\x00")
    html = (build / "jkp" / "index.html").read_text()
    assert 'href="../favicon.ico"' in html and 'href="../static/favicon.svg?v=' in html
    unlinked = [f for f in build.rglob("*.html") if f.read_text().count('<link rel="icon"') != 2]
    assert not unlinked
    # The links resolve, from the root and from a sub-folder: tests/test_freeze.py.


@pytest.mark.slow
def test_every_text_file_of_the_build_has_gzip_and_brotli_copies(build: Path) -> None:
    texts = [f for f in build.rglob("*") if f.suffix in TEXT and f.is_file()]
    assert {f.suffix for f in texts} >= {".html", ".css", ".js", ".xml", ".txt", ".svg"}
    for file in texts:
        data = file.read_bytes()
        assert gzip.decompress(file.with_name(file.name + ".gz").read_bytes()) == data, file
        assert brotli.decompress(file.with_name(file.name + ".br").read_bytes()) == data, file
    # Images are compressed already: no copies of them.
    assert not list(build.rglob("*.ico.gz")) and not list(build.rglob("*.png.br"))


def test_precompressed_copies_are_the_same_on_every_build(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>sama</p>" * 100)
    precompress(tmp_path)
    first = (tmp_path / "a.html.gz").read_bytes()
    precompress(tmp_path)
    assert (tmp_path / "a.html.gz").read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.html.br", "a.html.gz"]
