"""What protects the form: the Origin check, the honeypot, rate and size limits, hostile input."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.enrolments import DONE, FORM, answers, stored, text
from support.fuzzing import examples


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/form.html"},
        {"Origin": "http://localhost.evil.example"},
    ],
)
def test_a_post_from_another_site_is_refused_with_a_page_that_explains(
    app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(FORM, data=answers(), headers=headers)
    assert response.status_code == 403
    html = text(response)
    assert "<h1>Formulir tidak terkirim</h1>" in html
    assert "hanya bisa dikirim dari halaman situs ini" in html
    assert stored(app) == []
    assert client.post("/daftar/periksa/phone/", data={}, headers=headers).status_code == 204


@pytest.mark.parametrize(
    "headers",
    [
        {},  # neither header: some old and proxy browsers
        {"Origin": "http://localhost"},  # the address the request came to
        {"Origin": "http://127.0.0.1:5000"},  # SITE_URL
        {"Referer": "http://localhost/daftar/las/"},
        {"Origin": "https://copy.example"},  # a configured static copy
        {"Origin": "https://static.example:8443"},  # STATIC_SITE_URL
    ],
)
def test_a_post_from_the_site_or_its_static_copies_is_accepted(
    app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    app.config["STATIC_SITE_ORIGINS"] = ["https://copy.example"]
    app.config["STATIC_SITE_URL"] = "https://static.example:8443/bangkit/"
    assert client.post(FORM, data=answers(), headers=headers).status_code == 303
    assert len(stored(app)) == 1


def test_the_honeypot_drops_a_bot_silently(app: Flask, client: FlaskClient) -> None:
    response = client.post(FORM, data=answers(website="https://spam.example"))
    assert response.status_code == 303 and DONE.match(response.headers["Location"])
    assert stored(app) == []


def test_the_rate_limit_answers_429_with_the_form_and_its_values(
    app: Flask, client: FlaskClient
) -> None:
    app.config["ENROL_RATE_LIMIT"] = "2 per minute"
    app.config["ENROL_CHECK_RATE_LIMIT"] = "1 per minute"
    assert client.post(FORM, data=answers(phone="12")).status_code == 422
    assert client.post(FORM, data=answers(phone="081311112222")).status_code == 303
    limited = client.post(FORM, data=answers(phone="081311113333"))
    assert limited.status_code == 429
    html = text(limited)
    assert "Terlalu banyak formulir dikirim dari sambungan internet Anda" in html
    assert 'value="081311113333"' in html
    assert html.count("<title>Kesalahan:") == 1
    assert len(stored(app)) == 1
    assert client.get(FORM).status_code == 200  # reading the page is not limited
    assert client.post("/daftar/periksa/phone/", data={}).status_code == 200
    assert client.post("/daftar/periksa/phone/", data={}).status_code == 204  # field left as is


def test_an_oversized_body_is_refused_with_413(app: Flask, client: FlaskClient) -> None:
    response = client.post(FORM, data=answers(city="x" * 70_000))
    assert response.status_code == 413
    assert "jauh lebih besar" in text(response)
    assert stored(app) == []


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.dictionaries(
        st.sampled_from([*answers(), "workshop", "x", ""]),
        st.one_of(st.text(max_size=60), st.sampled_from(["1990", "sma", "yes", "y", "0812"])),
    ),
    path=st.sampled_from([FORM, "/daftar/", "/en/enrol/las/", "/daftar/periksa/phone/"]),
)
def test_nothing_a_visitor_sends_causes_a_500(
    app: Flask, client: FlaskClient, data: dict, path: str
) -> None:
    app.config.update(ENROL_RATE_LIMIT="1000/minute", ENROL_CHECK_RATE_LIMIT="1000/minute")
    assert client.post(path, data=data).status_code in (200, 303, 422)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\xff\xfe\x00garbage=%ZZ&&==", "application/x-www-form-urlencoded"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b'{"full_name": "x"}', "application/json"),
        (b"full_name=" + "é".encode("latin-1"), "application/x-www-form-urlencoded"),
    ],
)
def test_nor_does_a_malformed_body(client: FlaskClient, body: bytes, kind: str) -> None:
    assert client.post(FORM, data=body, content_type=kind).status_code in (400, 422)
