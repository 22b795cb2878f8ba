"""Security headers: on every live response, and the same policy in the static copy's files."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.http import content_security_policy
from support.apps import app_with
from support.headers import POLICY
from support.paths import ROOT

DEPLOY = ROOT / "site" / "deploy"
FORM = {"full_name": "Siti", "phone": "081234567890", "birth_year": "1990", "education": "sma"}


def _responses(client: FlaskClient) -> dict[str, object]:
    """One of each kind of live answer: page, form, 422, 303, 403, 404, static file, health."""
    css = re.search(r'href="(/static/style\.css[^"]*)"', client.get("/").get_data(as_text=True))
    return {
        "page": client.get("/"),
        "english page": client.get("/en/"),
        "form": client.get("/daftar/las/"),
        "422": client.post("/daftar/las/", data=FORM),
        "303": client.post("/daftar/las/", data={**FORM, "website": "http://bot.example"}),
        "403": client.post("/daftar/las/", data=FORM, headers={"Origin": "https://evil.example"}),
        "404": client.get("/no-such-page/"),
        "static": client.get(unescape(css.group(1))),
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
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"] == POLICY


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
    policy = content_security_policy(meta=True, site_url="http://127.0.0.1:5000")  # the default
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
