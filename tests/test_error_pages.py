"""The error pages outside the enrolment form: in the page's language, with the site's headers."""

from __future__ import annotations

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from support.headers import POLICY


@pytest.fixture
def broken(app: Flask) -> FlaskClient:
    """A client of an app with pages that fail (a 400, and an exception: a 500), as in
    production, where an exception reaches no test but an error page."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def fails() -> str:
        raise RuntimeError("a bug")

    for path in ("/rusak/", "/en/broken/"):
        app.add_url_rule(path, view_func=fails, endpoint=path)
    for path in ("/salah/", "/en/bad/"):
        app.add_url_rule(path, view_func=lambda: abort(400), endpoint=path)
    return app.test_client()


def page(response: TestResponse, code: int, lang: str) -> str:
    """The error page's HTML, checked for its status, language and headers."""
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Security-Policy"] == POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert "Werkzeug" not in html and "<title>" + str(code) not in html
    return html


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [("/", "id", "Halaman ini tidak dapat"), ("/en/", "en", "This page cannot be used")],
)
def test_a_method_not_allowed_keeps_allow_and_speaks_the_pages_language(
    client: FlaskClient, path: str, lang: str, words: str
) -> None:
    response = client.put(path)
    assert words in page(response, 405, lang)
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [
        ("/staf/masuk/", "id", "Data yang dikirim terlalu besar"),
        ("/en/staff/login/", "en", "too large"),
    ],
)
def test_a_body_too_large_outside_the_form_speaks_the_pages_language(
    client: FlaskClient, path: str, lang: str, words: str
) -> None:
    response = client.post(path, data={"name": "x" * 70_000})
    assert words in page(response, 413, lang)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"  # still a staff page


@pytest.mark.parametrize(
    ("path", "code", "lang", "words"),
    [
        ("/rusak/", 500, "id", "Terjadi kesalahan di pihak kami"),  # an exception
        ("/en/broken/", 500, "en", "our side"),
        ("/salah/", 400, "id", "Permintaan tidak dapat dibaca"),  # a bad request
        ("/en/bad/", 400, "en", "could not be read"),
    ],
)
def test_an_exception_or_a_bad_request_is_a_page_in_the_pages_language(
    broken: FlaskClient, path: str, code: int, lang: str, words: str
) -> None:
    assert words in page(broken.get(path), code, lang)


def test_an_error_page_that_cannot_render_still_answers_in_both_languages(
    broken: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the template is broken too")

    monkeypatch.setattr("bangkit.error_pages.render_template", fails)
    response = broken.get("/rusak/")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Maaf, terjadi kesalahan" in html and "Sorry, something went wrong" in html


def test_the_forms_own_error_pages_are_kept(client: FlaskClient) -> None:
    """The enrolment form answers its own 413 (the form again), not the general page."""
    response = client.post("/daftar/las/", data={"full_name": "x" * 70_000})
    assert response.status_code == 413
    assert "Buka formulir" in response.get_data(as_text=True)
