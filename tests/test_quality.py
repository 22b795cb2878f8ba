"""Gates over the whole frozen build: valid HTML (the Nu HTML Checker), and the low-bandwidth
budget (tests/support/weight.py). The accessibility gate is tests/browser/test_accessibility.py."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.enrol.models import new_reference
from support.paths import FROZEN_SITE_URL, ROOT
from support.weight import KB, PAGE_BUDGET, asset_problems, measure, measure_build

pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Pages only the live app serves, checked as well as the build: the form with htmx, the form
# sent empty (its error messages), and the confirmation. {reference} is a fresh reference.
LIVE_PAGES = [
    ("GET", "/daftar/"),
    ("GET", "/daftar/las/"),
    ("GET", "/en/enrol/las/"),
    ("POST", "/daftar/las/"),
    ("POST", "/en/enrol/"),
    ("GET", "/daftar/las/terima-kasih/{reference}/"),
    ("GET", "/en/enrol/las/thank-you/{reference}/"),
    ("PUT", "/jkp/"),  # an error page (405), in each language
    ("DELETE", "/en/jkp/"),
]
ERRORS = ("PUT", "DELETE")  # the methods of LIVE_PAGES that get an error page, which has no form
# A page the checker must reject: proof that it ran and that its errors reach the test.
CANARY = "<!doctype html><html lang=id><title>x</title><p><div hx-get=/x>broken</p></html>"


def live_html(app: Flask) -> Iterator[tuple[str, bytes]]:
    """(name, HTML) of each of LIVE_PAGES, as the live app answers."""
    client = app.test_client()
    for method, path in LIVE_PAGES:
        url = path.format(reference=new_reference())
        response = client.open(url, method=method, data={})
        assert response.status_code in (200, 405, 422), f"{method} {url}: {response.status_code}"
        yield f"{method} {url}", response.data


@pytest.fixture(scope="module")
def checked(build: Path, real_app: Flask, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every HTML file of the build, the live pages and the canary, in one run of the checker."""
    live = tmp_path_factory.mktemp("live")
    names = {}
    for i, (name, html) in enumerate(live_html(real_app)):
        (live / f"{i}.html").write_bytes(html)
        names[str(live / f"{i}.html")] = name
    (live / "canary.html").write_text(CANARY)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html"]
        + [str(build), str(live)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        file = message.get("url", "").removeprefix("file:")
        name = names.get(file) or file.removeprefix(str(build) + "/")
        where = f"line {message.get('lastLine', '?')}"
        errors.setdefault(name, []).append(f"{where}: {message['type']}: {message['message']}")
    return {"errors": errors, "canary": str(live / "canary.html")}


def test_every_page_is_valid_html(checked: dict) -> None:
    errors = {k: v for k, v in checked["errors"].items() if k != checked["canary"]}
    report = "\n".join(f"{page}\n  " + "\n  ".join(lines) for page, lines in errors.items())
    assert not errors, f"The Nu HTML Checker found errors:\n{report}"


def test_the_checker_ran_and_rejects_a_broken_page(checked: dict) -> None:
    assert checked["errors"].get(checked["canary"]), checked["errors"]


def test_every_page_fits_the_low_bandwidth_budget(build: Path) -> None:
    pages = measure_build(build, FROZEN_SITE_URL)
    problems = [line for page in pages for line in page.problems()]
    assert len(pages) > 10
    assert not problems, "Over the budget (gzip -9, mtime 0):\n" + "\n".join(problems)


def test_the_live_form_pages_with_htmx_fit_the_budget(real_app: Flask) -> None:
    client = real_app.test_client()
    for method, path in LIVE_PAGES:
        url = path.format(reference=new_reference())
        with client.open(url, method=method, data={}) as response:
            page = measure(response.data, url, lambda src: _get(client, src))
        assert page.form or "terima-kasih" in url or "thank-you" in url or method in ERRORS, url
        assert not page.problems(), "\n".join(page.problems())


def _get(client: FlaskClient, url: str) -> bytes:
    with client.get(url) as response:  # closes the static file it sends
        return response.data


def test_no_web_fonts_and_no_image_over_budget(build: Path) -> None:
    problems = asset_problems(build)
    assert not problems, "\n".join(problems)


def test_the_budget_catches_a_heavy_page_a_font_and_a_big_image(tmp_path: Path) -> None:
    noise = random.Random(5).randbytes(40 * KB)  # does not compress
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "big.css").write_bytes(b"/*" + noise[: 20 * KB] + b"*/")
    (tmp_path / "static" / "font.woff2").write_bytes(b"x")
    (tmp_path / "static" / "photo.jpg").write_bytes(noise[: 31 * KB])
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="static/big.css?v=1"><link rel="stylesheet" href="gone.css">'
    )
    [page] = measure_build(tmp_path)
    assert page.css > PAGE_BUDGET and page.missing == ["gone.css"]
    assert len(page.problems()) == 2, page.problems()
    assert len(asset_problems(tmp_path)) == 2, asset_problems(tmp_path)
