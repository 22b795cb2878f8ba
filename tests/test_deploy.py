"""site/deploy's files at work: nginx serves the static copy and proxies the live paths."""

from __future__ import annotations

import gzip
import http.client
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.deploy import Gunicorn, environment, gunicorn, nginx, request, upgrade, wait_for
from support.enrolments import PERSONAL, PRIVATE_ANSWERS
from support.headers import POLICY
from support.redis_server import Server as RedisServer

pytestmark = pytest.mark.slow  # freezes, starts gunicorn and nginx


@pytest.fixture(scope="module")
def site(
    fixture_build: Path, redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Gunicorn, Path]]:
    """nginx on the frozen fixture site, before gunicorn on SQLite: (base URL, gunicorn, logs).

    Rate limits in Redis, as the README's production setup counts them (database 1: this
    module's own)."""
    folder = tmp_path_factory.mktemp("deploy")
    redis_server.flush(1)
    env = environment(
        f"sqlite:///{folder / 'bangkit.sqlite'}",
        folder,
        RATELIMIT_STORAGE_URI=redis_server.url(1),
    )
    upgrade(env)
    with gunicorn(env, folder) as app, nginx(folder / "nginx", fixture_build, app.base) as base:
        yield base, app, folder


def test_a_static_page_is_a_file_with_the_sites_headers(site: tuple) -> None:
    base, _app, _logs = site
    status, headers, body = request(base, "GET", "/pelatihan/las/")
    assert status == 200 and b"Teknik Las uji" in body
    assert headers["Content-Security-Policy"] == POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here


def test_the_pre_compressed_copy_is_sent_to_browsers_that_take_gzip(site: tuple) -> None:
    base, _app, _logs = site
    conn_headers = {"Accept-Encoding": "gzip"}
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    conn.request("GET", "/pelatihan/las/", headers=conn_headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.getheader("Content-Encoding") == "gzip"
    assert b"Teknik Las uji" in gzip.decompress(body)


def test_hashed_assets_are_kept_for_a_year(site: tuple) -> None:
    base, _app, _logs = site
    html = request(base, "GET", "/")[2].decode()
    css = re.search(r'href="([^"]*static/style\.css\?v=[^"]+)"', html).group(1)
    status, headers, _body = request(base, "GET", "/" + css.lstrip("./"))
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "text/css"
    # Only a static file: a page or a QR code linked with a ?v= is still kept 5 minutes.
    for path in ("/pelatihan/las/?v=1", "/?v=x", "/static/style.css"):
        status, headers, _body = request(base, "GET", path)
        assert status == 200 and headers["Cache-Control"] == "public, max-age=300", path


def test_a_missing_page_gets_the_404_page_in_its_language(site: tuple) -> None:
    base, _app, _logs = site
    status, headers, body = request(base, "GET", "/en/no-such-page/")
    assert status == 404 and b'lang="en"' in body
    assert headers["Content-Security-Policy"] == POLICY
    status, _headers, body = request(base, "GET", "/tidak-ada/")
    assert status == 404 and b'lang="id"' in body


def test_a_request_for_another_host_name_gets_no_answer(site: tuple) -> None:
    """The app builds redirects from Host: another name must not reach it (nginx-default.conf)."""
    base, _app, _logs = site
    for host in ("evil.example", "bangkit.example.evil.example"):
        conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
        conn.request("GET", "/daftar/las", headers={"Host": host})
        with pytest.raises(http.client.RemoteDisconnected):
            conn.getresponse()
        conn.close()
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    conn.request("GET", "/daftar/las", headers={"Host": "bangkit.example"})
    response = conn.getresponse()
    assert response.status == 308 and response.getheader("Location").endswith("/daftar/las/")
    conn.close()


def test_compressed_twins_are_not_served_under_their_own_names(site: tuple) -> None:
    base, _app, _logs = site
    assert request(base, "GET", "/index.html.gz")[0] == 404


def test_the_form_and_its_answers_come_from_the_live_app(site: tuple) -> None:
    base, _app, _logs = site
    # The static copy links to index.html; nginx hands the app the path it knows.
    status, headers, body = request(base, "GET", "/daftar/las/index.html")
    assert status == 200 and b"htmx-4.0.1.min.js" in body  # the live form, with htmx
    assert headers["Content-Security-Policy"] == POLICY
    status, headers, _body = request(base, "POST", "/daftar/las/", PRIVATE_ANSWERS)
    assert status == 303
    assert re.fullmatch(r"/daftar/las/terima-kasih/[A-Z2-9]{4}-[A-Z2-9]{4}/", headers["Location"])
    assert request(base, "GET", headers["Location"])[0] == 200
    assert request(base, "GET", "/healthz")[0:3:2] == (200, b"ok\n")


def test_staff_pages_keep_their_own_headers_through_the_proxy(site: tuple) -> None:
    base, _app, _logs = site
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    conn.request("GET", "/staf/masuk/")
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200
    # Exactly one of each: nginx adds none of its own to proxied answers.
    assert response.msg.get_all("Referrer-Policy") == ["no-referrer"]
    assert response.msg.get_all("Content-Security-Policy") == [POLICY]
    assert response.msg.get_all("Cache-Control") == ["no-store"]


def test_the_logs_say_what_happened_without_personal_data(site: tuple) -> None:
    base, app, folder = site
    assert (
        request(
            base, "POST", "/daftar/las/?ref=spsi", {**PRIVATE_ANSWERS, "phone": "0812-9876-5433"}
        )[0]
        == 303
    )
    assert request(base, "POST", "/daftar/las/", {**PRIVATE_ANSWERS, "birth_year": "x"})[0] == 422
    request(base, "GET", "/daftar/las/%0Aforged%20line/")
    # gunicorn writes the line just after it answers: wait for it.
    gunicorn_log = wait_for(lambda: "%0Aforged" in app.text() and app.text(), what="log")
    nginx_log = (folder / "nginx" / "access.log").read_text()
    assert re.search(r"^POST /daftar/las/ 422 \d+ \d+ms$", gunicorn_log, re.M), gunicorn_log
    assert re.search(r" POST /daftar/las/ 303 \d+ [\d.]+$", nginx_log, re.M), nginx_log
    assert "forged line" not in gunicorn_log  # the %0A stays escaped: no forged line
    for log in (nginx_log, gunicorn_log):
        assert "ref=spsi" not in log and "127.0.0.1 -" not in log
        for value in PERSONAL:
            assert value not in log
    # A body over nginx's limit: its 413 names the client, the query and the referrer only at
    # levels below the "crit" the deployment logs.
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
    conn.putrequest("POST", "/daftar/las/?ref=budi-6281298765432")
    conn.putheader("Referer", "https://wa.me/6281298765432")
    conn.putheader("Content-Length", str(2 << 20))  # nginx answers on the header alone
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()
    for name in ("server-error.log", "error.log"):
        log = (folder / "nginx" / name).read_text() if (folder / "nginx" / name).exists() else ""
        assert "6281298765432" not in log and "client: 127.0.0.1" not in log, (name, log)
