"""The staff session cookie goes to staff pages only: one cookie per staff prefix, no other."""

from __future__ import annotations

import http.cookiejar
import urllib.request
from email.message import Message
from http.cookies import SimpleCookie

from flask import Flask
from flask.testing import FlaskClient

from support.staff import add_staff, sign_in, token

STAFF = ("/staf/", "/en/staff/")
PUBLIC = ("/", "/en/", "/jkp/", "/daftar/las/", "/en/enrol/las/", "/static/style.css", "/stafx/")


def set_cookies(response) -> list[SimpleCookie]:  # noqa: ANN001 - a test response
    """Each Set-Cookie header of a response, parsed as a cookie."""
    parsed = []
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        parsed.append(cookie)
    return parsed


def test_signing_in_sets_one_cookie_per_staff_prefix_and_none_for_the_whole_site(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    response = sign_in(client)
    assert response.status_code == 303
    cookies = set_cookies(response)
    assert sorted(c["session"]["path"] for c in cookies) == sorted(STAFF)
    assert len({c["session"].value for c in cookies}) == 1  # the same session under both
    for cookie in cookies:
        assert cookie["session"]["httponly"] and cookie["session"]["samesite"] == "Lax"
    assert all("Path=/;" not in h for h in response.headers.getlist("Set-Cookie"))


def test_a_browser_like_client_sends_the_cookie_to_staff_pages_only(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    sign_in(client)  # Werkzeug's client keeps cookies by domain and path, as a browser does
    for path in STAFF:
        response = client.get(path)
        assert response.status_code == 200, path  # one sign-in serves both languages
        assert "session=" in response.request.environ.get("HTTP_COOKIE", ""), path
    for path in PUBLIC:
        with client.get(path) as response:  # closed: a static file is sent from an open file
            assert "HTTP_COOKIE" not in response.request.environ, path
            assert "Set-Cookie" not in response.headers, path


def test_the_standard_library_cookie_jar_agrees(app: Flask, client: FlaskClient) -> None:
    # RFC 6265 path matching by another implementation: Python's own cookie jar, given the
    # real Set-Cookie headers of the sign-in answer.
    add_staff(app)
    response = sign_in(client)
    headers = Message()
    for header in response.headers.getlist("Set-Cookie"):
        headers["Set-Cookie"] = header

    class Answer:
        def info(self) -> Message:
            return headers

    jar = http.cookiejar.CookieJar()
    jar.extract_cookies(Answer(), urllib.request.Request("http://localhost/staf/masuk/"))  # type: ignore[arg-type]

    def sent(path: str) -> str | None:
        request = urllib.request.Request("http://localhost" + path)
        jar.add_cookie_header(request)
        return request.get_header("Cookie")

    assert sent("/staf/") and sent("/staf/pendaftaran/K7QM-4XPD/") and sent("/en/staff/activity/")
    for path in (*PUBLIC, "/staf", "/en/staf/", "/en/", "/en/staffing/"):
        assert sent(path) is None, path


def test_signing_out_in_one_language_signs_out_both(app: Flask, client: FlaskClient) -> None:
    add_staff(app)
    sign_in(client)
    client.post("/en/staff/logout/", data={"csrf_token": token(client, "/en/staff/")})
    assert client.get("/staf/").status_code == 302
    assert client.get("/en/staff/").status_code == 302
