"""bangkit.http: security headers and the one CSP, serving (health check, proxies, logs without
personal data), serving little (compression, cache headers, conditional requests, precompressed
copies, favicon), and HEAD answered as GET."""

from __future__ import annotations

import gzip
import logging
import re
from html import unescape
from pathlib import Path

import brotli
import pytest
from flask import Flask, make_response
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError
from werkzeug.test import TestResponse

from bangkit.database import db
from bangkit.enrol.models import Enrolment
from bangkit.export import TEXT
from bangkit.http import IMMUTABLE, NO_STORE, PAGE, content_security_policy
from bangkit.render import compress
from support.apps import app_with
from support.enrolments import PERSONAL, PRIVATE_ANSWERS, add_enrolment
from support.headers import POLICY
from support.paths import FROZEN_SITE_URL, ROOT
from support.staff import add_staff, sign_in

# Security headers: on every live response, and the same policy in the static copy's files.

DEPLOY = ROOT / "site" / "deploy"
FORM = {"full_name": "Siti", "phone": "081234567890", "birth_year": "1990", "education": "sma"}


def _responses(client: FlaskClient) -> dict[str, object]:
    """One of each kind of live answer: page, form, 422, 303, 403, 404, static file, health."""
    css = re.search(r'href="/?(static/style\.css[^"]*)"', client.get("/").get_data(as_text=True))
    return {
        "page": client.get("/"),
        "english page": client.get("/en/"),
        "form": client.get("/daftar/las/"),
        "422": client.post("/daftar/las/", data=FORM),
        "303": client.post("/daftar/las/", data={**FORM, "website": "http://bot.example"}),
        "403": client.post("/daftar/las/", data=FORM, headers={"Origin": "https://evil.example"}),
        "404": client.get("/no-such-page/"),
        "static": client.get("/" + unescape(css.group(1))),
        "health": client.get("/healthz"),
        "413": client.post("/daftar/las/", data={**FORM, "city": "x" * 70_000}),
        "405": client.delete("/"),
    }


def test_every_live_answer_carries_the_headers(client: FlaskClient) -> None:
    for kind, response in _responses(client).items():
        headers = response.headers
        assert headers["Content-Security-Policy"] == POLICY, kind
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        assert "Strict-Transport-Security" not in headers, kind  # plain HTTP: HSTS means nothing
        response.close()  # the static file's answer holds the file open


def test_a_refusal_by_the_rate_limit_carries_them_too(app: Flask, client: FlaskClient) -> None:
    app.config["ENROL_RATE_LIMIT"] = "1 per minute"
    client.post("/daftar/las/", data=FORM)
    response = client.post("/daftar/las/", data=FORM)
    assert response.status_code == 429
    assert response.headers["Content-Security-Policy"] == POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_over_https_the_answer_asks_browsers_to_stay_on_https(client: FlaskClient) -> None:
    response = client.get("/", base_url="https://bangkit.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000"


def test_the_form_may_post_to_the_enrolment_service_and_nowhere_else(tmp_path: Path) -> None:
    service = "https://daftar.example/layanan/"
    app = app_with(tmp_path, ENROL_SERVICE_URL=service)
    policy = app.test_client().get("/").headers["Content-Security-Policy"]
    assert policy.endswith("form-action 'self' https://daftar.example")
    assert content_security_policy(service).endswith("form-action 'self' https://daftar.example")


def test_staff_pages_keep_their_stricter_referrer_policy(client: FlaskClient) -> None:
    response = client.get("/staf/masuk/")
    assert response.status_code == 200
    # Exactly one of each: the site's own are not added beside them.
    assert response.headers.getlist("Referrer-Policy") == ["no-referrer"]
    assert response.headers.getlist("Content-Security-Policy") == [POLICY]


def test_the_policy_allows_no_inline_script_or_style_and_no_plugins() -> None:
    directives = dict(d.split(" ", 1) for d in content_security_policy().split("; "))
    assert "unsafe-inline" not in content_security_policy()
    assert "unsafe-eval" not in content_security_policy()
    assert directives["object-src"] == directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_meta_policy_is_the_same_without_frame_ancestors() -> None:
    # A <meta> policy may not carry frame-ancestors; browsers ignore it there, with a warning.
    assert content_security_policy(meta=True) == POLICY.replace(" frame-ancestors 'none';", "")


def test_the_meta_policy_also_allows_the_sites_own_address() -> None:
    policy = content_security_policy(meta=True, site_url="https://bangkit.example/x/")
    expected = POLICY.replace(" frame-ancestors 'none';", "").replace(
        "'self'", "'self' https://bangkit.example"
    )
    assert policy == expected.replace(
        "form-action 'self' https://bangkit.example", "form-action 'self'"
    )


@pytest.mark.slow
def test_the_static_copy_carries_the_policy_in_a_meta_tag(build: Path) -> None:
    policy = content_security_policy(meta=True, site_url=FROZEN_SITE_URL)  # as frozen
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    pages = [build / "index.html", build / "en" / "index.html", build / "404.html"]
    pages += [build / "daftar" / "las" / "index.html"]
    for page in pages:
        html = unescape(page.read_text())
        assert meta in html, page
        assert html.index(meta) < html.index("<link"), "before anything it governs"


@pytest.mark.parametrize("name", ["_headers", "nginx.conf"])
def test_the_deployment_examples_carry_the_same_policy(name: str) -> None:
    text = (DEPLOY / name).read_text()
    assert POLICY in text
    assert "nosniff" in text and "strict-origin-when-cross-origin" in text
    assert "max-age=63072000" in text


# Serving in production: the health check, the proxy's headers, logs without personal data.


@pytest.mark.postgres
def test_the_health_check_answers_ok_when_the_database_does(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


@pytest.mark.postgres
def test_the_health_check_answers_503_when_the_database_is_gone(
    app: Flask, client: FlaskClient, db_url: str, request: pytest.FixtureRequest
) -> None:
    with app.app_context():
        db.engine.dispose()
        database = db.engine.url.database
    if db_url.startswith("sqlite"):
        Path(database).write_bytes(b"this is not a database" * 100)
        response = client.get("/healthz")
    else:
        server = request.getfixturevalue("postgres_server")
        server.drop(db_url)
        response = client.get("/healthz")
        server.database(database)  # for db_url to drop at the end
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unavailable\n"


@pytest.mark.slow
def test_the_health_check_is_not_part_of_the_static_copy(build: Path) -> None:
    assert not (build / "healthz").exists()
    assert not list(build.glob("healthz*"))


def test_behind_one_proxy_the_app_sees_the_clients_scheme_and_address(tmp_path: Path) -> None:
    app = app_with(tmp_path, PROXIES=1)
    seen = {}

    @app.get("/probe")
    def probe() -> str:
        from flask import request

        seen.update(scheme=request.scheme, address=request.remote_addr, host=request.host)
        return "ok"

    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    forwarded["X-Forwarded-Host"] = "bangkit.example"
    response = app.test_client().get("/probe", headers=forwarded)
    assert seen == {"scheme": "https", "address": "203.0.113.7", "host": "bangkit.example"}
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000"


def test_without_a_proxy_forwarded_headers_are_ignored(client: FlaskClient) -> None:
    # A client could send these itself: trusting them would let it dodge the rate limit.
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.postgres
def test_logs_hold_no_personal_data(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert client.post("/daftar/las/", data=PRIVATE_ANSWERS).status_code == 303
    assert client.post("/daftar/las/", data=PRIVATE_ANSWERS).status_code == 303  # a duplicate
    assert (
        client.post("/daftar/las/", data={**PRIVATE_ANSWERS, "birth_year": "x"}).status_code == 422
    )
    # A database error: the row itself would break the unique rule.
    with app.app_context():
        row = db.session.scalars(db.select(Enrolment)).one()
        copy = {c.key: getattr(row, c.key) for c in Enrolment.__table__.columns if c.key != "id"}
        db.session.add(Enrolment(**copy))
        with pytest.raises(IntegrityError) as error:
            db.session.commit()
        db.session.rollback()
        logging.getLogger("bangkit").error("a database error", exc_info=error.value)
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "a database error" in logged and "INSERT INTO enrolment" in logged
    for value in PERSONAL:
        assert value not in logged


# Serving little: compressed responses, cache headers, precompressed copies, the favicon.


def _get(client: FlaskClient, url: str, **headers: str) -> tuple[int, dict, bytes]:
    with client.get(url, headers=headers) as response:  # closes a static file
        return response.status_code, dict(response.headers), response.data


def _unpacked(answer: tuple[int, dict, bytes]) -> bytes:
    _, headers, body = answer
    encoding = headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(body)
    return gzip.decompress(body) if encoding == "gzip" else body


def _stylesheet(client: FlaskClient) -> str:
    html = client.get("/").get_data(as_text=True)
    return "/" + re.search(r'href="/?(static/style\.css\?v=\w+)"', html).group(1)


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


# Pages answered from their one rendering (bangkit.shared) and by their view, a PNG, and files
# of static/ (send_file answered them itself, before compression: a 412 for `If-Match: *`).
CONDITIONAL = ["/", "/jkp/", "/daftar/", "/jkp/hitung/", "/sitemap.xml", "/s/las/qr.png"]
CONDITIONAL += ["/static/style.css", "/favicon.ico"]
ENCODINGS = [{}, {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "gzip, br"}]


@pytest.mark.parametrize("url", CONDITIONAL)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_if_match_naming_another_version_fails_and_is_never_cached(
    client: FlaskClient, url: str, method: str
) -> None:
    for sent in ('"x"', "x", '"other", W/"weak"'):
        response = client.open(url, method=method, headers={"If-Match": sent})
        assert response.status_code == 412, (url, sent)
        assert response.headers["Cache-Control"] == NO_STORE
        assert "ETag" not in response.headers
        # The site's error page in the page's language, not the page (nor Werkzeug's English).
        assert "Permintaan tidak dapat dijawab" in response.get_data(as_text=True) or (
            method == "HEAD" and response.data == b""
        )


@pytest.mark.parametrize("url", CONDITIONAL)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_if_match_naming_the_version_served_or_any_gets_the_page(
    client: FlaskClient, url: str, encoding: dict[str, str]
) -> None:
    status, headers, body = _get(client, url, **encoding)
    cache = headers["Cache-Control"]  # a page's PAGE; a static file's its own
    assert status == 200 and (cache == PAGE or url.endswith((".css", ".ico")))
    etag = headers["ETag"]  # with the encoding: "...:br" when brotli was sent
    for sent in (etag, "*", f'"other", {etag}'):
        again = _get(client, url, **encoding, **{"If-Match": sent})
        assert again[0] == 200 and _unpacked(again) == _unpacked((status, headers, body))
        assert again[1]["Cache-Control"] == cache and again[1]["ETag"] == etag, (url, sent)
    # If-None-Match naming it: a 304 with the very same ETag (the encoding's, not the file's).
    status, headers, _ = _get(client, url, **encoding, **{"If-None-Match": etag})
    assert status == 304 and headers["ETag"] == etag and headers["Cache-Control"] == cache
    # Both: If-Match holds, so If-None-Match decides, and the client's copy is current.
    status, headers, _ = _get(client, url, **encoding, **{"If-Match": etag, "If-None-Match": etag})
    assert status == 304 and headers["Cache-Control"] == cache


def test_any_error_is_never_cached_whatever_the_view_said(app: Flask) -> None:
    @app.get("/broken-thing")
    def broken_thing() -> object:
        return make_response("oops", 503, {"Cache-Control": "public, max-age=600"})

    client = app.test_client()
    assert client.get("/broken-thing").headers["Cache-Control"] == NO_STORE
    # The favicon's own conditional answer (send_file) is an error too.
    status, headers, _ = _get(client, "/favicon.ico", **{"If-Match": '"x"'})
    assert status == 412 and headers["Cache-Control"] == NO_STORE


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
    status, headers, body = _get(client, "/" + svg)
    assert status == 200 and body.startswith(b"<svg")
    assert headers["Content-Type"].startswith("image/svg+xml")
    assert '<link rel="icon" href="favicon.ico"' in html  # relative, as in the static copy


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


def test_precompressed_copies_are_the_same_on_every_build() -> None:
    data = b"<p>sama</p>" * 100
    for encoding in ("gzip", "br"):
        assert compress(data, encoding) == compress(data, encoding)
        assert len(compress(data, encoding)) < len(data) / 10
    assert compress(data, "gzip")[4:8] == b"\0\0\0\0"  # gzip's time stamp: none


# HEAD: the answer to GET, without its body.


def _form_urls(app: Flask, reference: str) -> list[str]:
    """Every URL whose view takes both GET and POST (the forms), in each language."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if {"GET", "POST"} <= (rule.methods or set()):
                values = {"key": "las", "reference": reference, **(rule.defaults or {})}
                urls.append(rule.build(values, append_unknown=False)[1])
    return urls


def _as_head_sees(response: TestResponse, counted: bool) -> dict[str, str]:
    """The headers, less Date (the time), Set-Cookie (the first request of a session sets
    it, whatever its method) and, for a page that counts its own views (`counted`), the length."""
    headers = dict(response.headers)
    headers.pop("Date", None)
    headers.pop("Set-Cookie", None)
    if counted:
        headers.pop("Content-Length")
    return headers


def test_head_answers_as_get_without_the_body(app: Flask, client: FlaskClient) -> None:
    """No view takes HEAD for a form sent: the forms, the staff pages signed in or not, and
    the other kinds of page answer HEAD with GET's status and headers, and no body."""
    add_staff(app)
    reference = add_enrolment(app)
    forms = _form_urls(app, reference)
    assert {"/daftar/", "/daftar/las/", "/en/enrol/las/", "/staf/masuk/", "/staf/"} <= set(forms)
    others = ["/", "/jkp/", "/jkp/hitung/", "/sitemap.xml", "/s/las/", "/s/las/qr.png"]
    others += ["/no-such-page/", "/healthz", "/favicon.ico", "/staf/angka/", "/staf/ekspor.csv"]
    for signed_in in (False, True):
        if signed_in:
            sign_in(client)
        for url in forms + others:
            with client.get(url) as get, client.head(url) as head:  # closes a file
                counted = reference in url
                assert head.status_code == get.status_code, (url, signed_in)
                assert _as_head_sees(head, counted) == _as_head_sees(get, counted), url
                assert head.data == b"", url
