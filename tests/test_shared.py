"""bangkit.shared: the live app answers a page that is the same for everyone from its one
rendering, with exactly the answer Flask's own path gives (headers, encodings, 304)."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import Client
from werkzeug.wrappers import Response

from bangkit.render import BROTLI_QUALITY, STORE, URLS, brotli_window, compress, render
from bangkit.urls import FRAMES
from support.apps import app_with

# One URL of each view that is the same for everyone (the fixture content).
SHARED = [
    "/",
    "/en/training/welding/",
    "/jkp/cek/",
    "/404.html",
    "/sitemap.xml",
    "/robots.txt",
    "/en/news/feed.xml",
    "/s/las/qr.svg",
    "/en/s/las/qr.png",
    "/serikat/selebaran/las/",
]
REQUESTS = {
    "plain": {},
    "gzip": {"Accept-Encoding": "gzip"},
    "br": {"Accept-Encoding": "br, gzip"},
    "any": {"Accept-Encoding": "*"},
}


def _flask_path(app: Flask) -> Client:
    """A client of the app without the shared layer: Flask's own path for every request."""
    return Client(app.wsgi_app.wsgi_app, Response)  # type: ignore[attr-defined]


def _unpacked(response: Response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    return gzip.decompress(response.data) if encoding == "gzip" else response.data


def _comparable(response: Response) -> dict[str, str]:
    """The headers, less Date (the time) and, when compressed, the length: Flask-Compress packs
    at its own level, the layer sends the copy packed once at freeze.py's."""
    headers = dict(response.headers)
    headers.pop("Date", None)
    if "Content-Encoding" in headers:
        headers.pop("Content-Length")
    return headers


@pytest.mark.parametrize("url", SHARED)
@pytest.mark.parametrize("kind", list(REQUESTS))
def test_the_layer_answers_as_flask_would(app: Flask, url: str, kind: str) -> None:
    layer, flask = app.test_client(), _flask_path(app)
    for base in ("http://localhost/", "https://localhost/"):
        fast = layer.get(url, headers=REQUESTS[kind], base_url=base)
        slow = flask.get(url, headers=REQUESTS[kind], base_url=base)
        assert fast.status_code == slow.status_code == 200, url
        assert _comparable(fast) == _comparable(slow)
        assert _unpacked(fast) == _unpacked(slow) == render(app, url).body
        again = {**REQUESTS[kind], "If-None-Match": fast.headers["ETag"]}
        fast_304 = layer.get(url, headers=again, base_url=base)
        slow_304 = flask.get(url, headers=again, base_url=base)
        assert fast_304.status_code == slow_304.status_code == 304
        assert _comparable(fast_304) == _comparable(slow_304) and fast_304.data == b""
        head = layer.head(url, headers=REQUESTS[kind], base_url=base)
        assert head.data == b"" and _comparable(head) == _comparable(fast)


@pytest.mark.parametrize(
    "sent",
    [
        "{etag}",  # as given: the layer's shortcut
        "W/{etag}",  # weakened, as nginx does when it compresses
        '"other", {etag}',
        "{etag} ",
        "*",
        '"other"',
        "{bare}",  # unquoted
        "",
        '"{bare}x"',
    ],
)
def test_if_none_match_is_read_as_flask_reads_it(app: Flask, sent: str) -> None:
    layer, flask = app.test_client(), _flask_path(app)
    etag = layer.get("/jkp/").headers["ETag"]
    again = {"If-None-Match": sent.format(etag=etag, bare=etag.strip('"'))}
    fast, slow = layer.get("/jkp/", headers=again), flask.get("/jkp/", headers=again)
    assert fast.status_code == slow.status_code
    assert _comparable(fast) == _comparable(slow) and fast.data == slow.data


def test_it_sends_the_copies_freeze_writes(client: FlaskClient) -> None:
    body = client.get("/jkp/").data
    assert client.get("/jkp/", headers={"Accept-Encoding": "gzip"}).data == gzip.compress(
        body, 9, mtime=0
    )
    packed = client.get("/jkp/", headers={"Accept-Encoding": "br"}).data
    assert brotli.decompress(packed) == body
    assert packed == brotli.compress(body, quality=BROTLI_QUALITY, lgwin=brotli_window(len(body)))


def test_index_html_is_answered_as_its_folder(client: FlaskClient) -> None:
    assert client.get("/jkp/index.html").data == client.get("/jkp/").data
    assert client.get("/index.html").data == client.get("/").data
    assert client.get("/daftar/las/index.html").data == client.get("/daftar/las/").data
    assert client.get("/no-such-page/index.html").status_code == 404


def test_a_query_string_gets_a_rendering_of_its_own(client: FlaskClient) -> None:
    shared = client.get("/pelatihan/las/").get_data(as_text=True)
    assert 'href="../../daftar/las/index.html"' in shared
    referred = client.get("/pelatihan/las/?ref=sp-contoh").get_data(as_text=True)
    assert 'href="/daftar/las/?ref=sp-contoh"' in referred  # live links carry the code on


def test_only_views_marked_the_same_for_everyone_are_kept(app: Flask) -> None:
    client = app.test_client()
    for url in ("/", "/daftar/las/", "/jkp/hitung/", "/s/las/", "/no-such-page/", "/healthz"):
        client.get(url)
    assert set(app.extensions[STORE]) == {"/"}
    assert client.post("/").status_code == 405  # other methods go on to Flask


def _odd_spellings(url: str) -> list[str]:
    """Paths (PATH_INFO, as a server decodes them) that name `url` in another way."""
    tail = url[1:]
    paths = ["//" + tail, "///" + tail, url.replace("/", "//"), url.replace("/", "///")]
    if url.endswith("/"):
        paths += [url + "index.html", "//" + tail + "index.html", url + "/index.html", url[:-1]]
        paths += [url + "index.html/"]
    return paths


def _raw_get(client: FlaskClient, path: str, headers: dict[str, str]) -> Response:
    """GET exactly this PATH_INFO: the test client would read `//jkp/` as the host `jkp`."""
    return client.get("/", headers=headers, environ_overrides={"PATH_INFO": path})


def test_odd_spellings_of_a_url_keep_no_rendering_of_their_own(app: Flask) -> None:
    """Leading or repeated slashes, index.html, percent-encoding, a query string: each is
    answered with the page, a redirect or a 404 (never an error), and none adds to what the app
    keeps, which stays bounded by the real pages, whatever a visitor asks for."""
    client, layer = app.test_client(), app.wsgi_app

    def kept() -> dict[str, int]:
        stores = {name: len(app.extensions.get(name, {})) for name in (STORE, URLS, FRAMES)}
        return {**stores, "headers": len(layer.headers)}  # type: ignore[attr-defined]

    pages = {}
    for url in SHARED:
        for headers in REQUESTS.values():
            assert client.get(url, headers=headers).status_code == 200
        pages[url] = render(app, url).body
    before = kept()
    assert before[STORE] == len(SHARED)
    for url, body in pages.items():
        # Through the client, which decodes percent-escapes as a server does (%2F too).
        encoded = ["/" + "".join(f"%{b:02X}" for b in url[1:].encode()), "/%2F" + url[1:]]
        queries = [url + "?", url + "?x=1", url + "?ref=sp-contoh"]
        for headers in REQUESTS.values():
            answers = [(path, _raw_get(client, path, headers)) for path in _odd_spellings(url)]
            answers += [(path, client.get(path, headers=headers)) for path in encoded + queries]
            for path, answer in answers:
                assert answer.status_code in (200, 308, 404), path
                assert answer.status_code != 404 or path.endswith("index.html/"), path
                if answer.status_code == 308:
                    assert answer.location.startswith("http://localhost/"), path
                elif answer.status_code == 200 and "?x" not in path and "?ref" not in path:
                    assert _unpacked(answer) == body, path
        assert kept() == before, url


def test_the_static_copys_settings_reach_the_kept_pages(tmp_path: Path) -> None:
    app = app_with(tmp_path, SITE_URL="https://bangkit.example")
    html = app.test_client().get("/").get_data(as_text=True)
    assert '<link rel="canonical" href="https://bangkit.example/">' in html
    assert '<meta http-equiv="Content-Security-Policy"' in html  # as in the static copy


def test_each_part_of_the_frame_rendered_once_is_the_part_each_page_renders_alone() -> None:
    """urls.frame keeps the frame's parts (head, top, menu, footer) by language, depth and
    arguments. Every URL of the real site, rendered while they are kept, is byte for byte the
    URL rendered with none kept: the key misses nothing a part depends on."""
    from bangkit import create_app
    from bangkit.urls import FRAMES
    from freeze import all_urls

    app = create_app({"FREEZING": True, "SECRET_KEY": "t", "SITE_URL": "https://bangkit.example"})
    urls = all_urls(app)
    kept = {url: render(app, url).body for url in urls}  # the parts kept from the first use on
    assert len(app.extensions[FRAMES]) < len(urls) / 4  # and they are shared
    differ = []
    for url in urls:
        app.extensions[FRAMES].clear()
        if render(app, url).body != kept[url]:
            differ.append(url)
    assert differ == []
    assert len(urls) > 100


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 65_536, 300_000])
def test_a_brotli_body_in_a_window_fitted_to_it_decompresses_to_the_same_bytes(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert brotli.decompress(compress(data, "br")) == data
    assert 1 << brotli_window(size) >= size  # the whole body fits in the window
