"""The form pages of the static copy, with and without an enrolment service, and their weight."""

from __future__ import annotations

import gzip
import re
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from freeze import freeze
from support.paths import FIXTURE_CONTENT, FROZEN_SITE_URL, ROOT


@pytest.fixture(scope="module")
def with_service(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site frozen with an enrolment service.

    Its own freeze: ENROL_SERVICE_URL changes the form pages. Without one (the default),
    the session's `fixture_build` is the copy to read.
    """
    out = tmp_path_factory.mktemp("service") / "build"
    config = {"BUILD_DIR": str(out), "CONTENT_DIR": str(FIXTURE_CONTENT), "SECRET_KEY": "t"}
    config["SITE_URL"] = FROZEN_SITE_URL
    freeze({**config, "ENROL_SERVICE_URL": "https://daftar.example/"}, quiet=True)
    return out


@pytest.mark.slow
def test_frozen_with_a_service_the_form_posts_there_without_htmx(with_service: Path) -> None:
    html = (with_service / "daftar" / "las" / "index.html").read_text()
    assert '<form id="enrol-form" method="post" action="https://daftar.example/daftar/las/"' in html
    assert "data-hx-" not in html and "htmx" not in html
    assert re.search(r'<script src="\.\./\.\./static/enrol\.js\?v=\w+" defer>', html)
    english = (with_service / "en" / "enrol" / "index.html").read_text()
    assert 'action="https://daftar.example/en/enrol/"' in english and 'name="workshop"' in english


@pytest.mark.slow
def test_frozen_without_a_service_the_pages_show_other_ways_to_enrol(
    fixture_build: Path,
) -> None:
    html = (fixture_build / "daftar" / "las" / "index.html").read_text()
    assert "<form" not in html and "<script" not in html
    assert 'href="https://skillhub.kemnaker.go.id"' in html
    assert 'href="https://bbpvpbekasi.kemnaker.go.id"' in html
    assert (
        'href="../../daftar/las/index.html"'
        in (fixture_build / "pelatihan" / "las" / "index.html").read_text()
    )


def _gzipped(client: FlaskClient, url: str) -> int:
    response = client.get(url)
    size = len(gzip.compress(response.get_data(), compresslevel=6))
    response.close()
    return size


def test_the_form_page_fits_the_low_bandwidth_budget(real_app: Flask) -> None:
    """HTML and CSS in the first round trip (14 KB gzipped); with htmx and our script, 32 KB."""
    client = real_app.test_client()
    html = client.get("/daftar/elektronika/").get_data(as_text=True)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert len(styles) == 2 and any("htmx-4.0.1" in s for s in scripts)
    first = len(gzip.compress(html.encode(), compresslevel=6))
    first += sum(_gzipped(client, unescape(url)) for url in styles)
    everything = first + sum(_gzipped(client, unescape(url)) for url in scripts)
    assert first <= 14 * 1024
    assert everything <= 32 * 1024


def test_the_vendored_htmx_is_the_pinned_npm_release() -> None:
    assert '"htmx.org": "4.0.1"' in (ROOT / "package.json").read_text()
    vendored = ROOT / "site" / "bangkit" / "static" / "htmx-4.0.1.min.js"
    released = ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
    assert vendored.read_bytes() == released.read_bytes()
