"""No page breaks the Content-Security-Policy: every page of the copy, the live form at work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page

from bangkit.http import content_security_policy
from support.servers import serve_app, serve_folder

# Reports what the policy stopped, from before any of the page's own scripts run.
WATCH = """
window.__blocked = [];
document.addEventListener('securitypolicyviolation', e => window.__blocked.push(
  `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def watched(context: BrowserContext) -> Iterator[tuple[Page, list[str]]]:
    """A page that notes every policy violation, in events and in the console."""
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security" in m.text else None)
    yield page, console


def blocked(page: Page) -> list[str]:
    return page.evaluate("window.__blocked")


def test_the_watch_sees_a_violation(watched: tuple[Page, list[str]], tmp_path: Path) -> None:
    # The control: inline script and style, which the policy forbids, are seen and stopped.
    page, console = watched
    policy = content_security_policy(meta=True)
    (tmp_path / "bad.html").write_text(
        f'<!doctype html><meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<p style="color: red">x</p><script>document.title = "ran"</script>'
    )
    with serve_folder(tmp_path) as base:
        page.goto(base + "/bad.html")
        assert page.title() != "ran"
        assert sorted(b.split()[0] for b in blocked(page)) == ["script-src-elem", "style-src-attr"]
        assert len(console) == 2


def test_no_page_of_the_static_copy_breaks_the_policy(
    watched: tuple[Page, list[str]], build: Path
) -> None:
    page, console = watched
    # Not the stand-ins for redirects: they move on at once (and hold no script or style).
    pages = [
        f for f in sorted(build.rglob("*.html")) if 'http-equiv="refresh"' not in f.read_text()
    ]
    assert len(pages) > 50
    found = []
    with serve_folder(build) as base:
        for file in pages:
            page.goto(f"{base}/{file.relative_to(build)}")
            found += [f"{file.relative_to(build)}: {b}" for b in blocked(page)]
    assert found == [], "\n".join(found)
    assert console == []


def test_the_copy_opened_from_disk_keeps_its_style(
    watched: tuple[Page, list[str]], build: Path
) -> None:
    # 'self' must also cover file:// pages, or the copy opened from disk would lose its CSS.
    page, console = watched
    page.goto((build / "index.html").as_uri())
    border = page.locator("header.top").evaluate("e => getComputedStyle(e).borderBottomWidth")
    assert border == "4px"
    assert blocked(page) == [] and console == []


def test_the_live_form_at_work_breaks_nothing(
    watched: tuple[Page, list[str]], real_app: Flask
) -> None:
    """htmx swaps in field checks, errors and the confirmation: all within the policy."""
    page, console = watched
    real_app.config["ENROL_RATE_LIMIT"] = "1000 per minute"
    with serve_app(real_app) as base:
        page.goto(base + "/daftar/")
        page.wait_for_function("window.htmx !== undefined")
        page.get_by_label("Nomor HP atau WhatsApp").fill("123")
        page.get_by_label("Tahun lahir").fill("1990")  # leaving the phone field checks it
        page.locator("#phone-error").wait_for()
        page.locator("#enrol-form button[type=submit]").click()
        page.locator(".error-summary").wait_for()
        for path in ("/staf/masuk/", "/en/staff/login/", "/tidak-ada/", "/jkp/hitung/"):
            page.goto(base + path)
            assert blocked(page) == [], path
        assert console == []
