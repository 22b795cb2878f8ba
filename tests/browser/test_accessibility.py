"""axe-core in Chromium on every kind of page, in both languages, at a desktop's width and a
phone's (360 × 740, a cheap Android phone): no WCAG 2.1 A or AA violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Route, expect

from bangkit.enrol.models import new_reference
from support.axe import violations
from support.paths import FROZEN_SITE_URL
from support.servers import serve_app, serve_folder

# Every kind of page, in both languages, as files of the frozen build. Add new kinds here.
STATIC_PAGES = [
    "index.html",  # home
    "en/index.html",
    "jkp/syarat/index.html",  # a JKP page
    "en/jkp/eligibility/index.html",
    "jkp/perubahan-2025/index.html",  # a page with a table wider than a phone
    "en/jkp/changes-2025/index.html",
    "pelatihan/index.html",  # the workshop index
    "en/training/index.html",
    "pelatihan/teknik-las/index.html",  # a workshop
    "en/training/welding/index.html",
    "berita/index.html",  # news
    "en/news/index.html",
    "berita/kunjungan-serikat-2021/index.html",  # a news item
    "en/news/union-visit-2021/index.html",
    "serikat/index.html",  # for unions
    "en/unions/index.html",
    "serikat/selebaran/las/index.html",  # a workshop flyer to print
    "en/unions/flyer/las/index.html",
    "jkp/cek/index.html",  # the JKP checker: a question, and a result
    "en/jkp/check/likely-eligible/index.html",
    "jkp/hitung/index.html",  # the JKP calculator (its script shows the form)
    "en/jkp/calculate/index.html",
    "daftar/las/index.html",  # the form page of a copy with no enrolment service
    "en/enrol/index.html",
    "404.html",
    "en/404.html",
]

# Pages only the live app serves: the forms with htmx, sent empty (their errors), and the
# confirmation. "send empty" clicks the form's button first. {reference}: a fresh reference.
LIVE_PAGES = [
    ("/daftar/las/", "open"),
    ("/en/enrol/", "open"),
    ("/daftar/las/", "send empty"),
    ("/en/enrol/las/", "send empty"),
    ("/daftar/las/terima-kasih/{reference}/", "open"),
    ("/en/enrol/las/thank-you/{reference}/", "open"),
    ("/staf/masuk/", "open"),  # staff sign-in (the signed-in pages: test_staff_browser.py)
    ("/en/staff/login/", "open"),
    ("/jkp/", "put"),  # an error page (405 to PUT): bangkit/error_pages.py
    ("/en/jkp/", "put"),
]


# What axe judges depends on the width: a table that fits a desktop scrolls on a phone.
SCREENS = {"desktop": {"width": 1280, "height": 720}, "phone": {"width": 360, "height": 740}}


@pytest.fixture(params=SCREENS)
def axe_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    # bypass_csp: axe-core is injected as an inline script, which the site's CSP forbids.
    context = browser.new_context(bypass_csp=True, viewport=SCREENS[request.param])
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _sideways(page: Page) -> int:
    """How far the page itself scrolls sideways (0: it fits the screen)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("file", STATIC_PAGES)
def test_no_violation_on_the_static_copy(axe_page: Page, build: Path, file: str) -> None:
    assert (build / file).is_file(), f"{file} is not in the build: update STATIC_PAGES"

    def from_build(route: Route) -> None:
        # The 404 pages link to the public address (they are served at any depth).
        route.fulfill(path=build / urlsplit(route.request.url).path.lstrip("/"))

    axe_page.route(FROZEN_SITE_URL + "/**", from_build)
    with serve_folder(build) as base:
        axe_page.goto(f"{base}/{file}")
        expect(axe_page.locator("h1")).to_have_count(1)
        # The stylesheet loaded (colour contrast is judged on the styled page).
        expect(axe_page.locator("header.top")).to_have_css("border-bottom-width", "4px")
        found = violations(axe_page)
        assert _sideways(axe_page) <= 0, f"{file} is wider than the screen"
    assert not found, f"axe-core on {file}:\n" + "\n".join(found)


@pytest.mark.parametrize(("path", "action"), LIVE_PAGES)
def test_no_violation_on_the_live_forms(
    axe_page: Page, real_app: Flask, path: str, action: str
) -> None:
    url = path.format(reference=new_reference())
    with serve_app(real_app) as base:
        if action == "put":
            axe_page.route(base + url, lambda route: route.continue_(method="PUT"))
        response = axe_page.goto(base + url)
        assert response is not None and response.status == (405 if action == "put" else 200)
        if action == "send empty":
            axe_page.locator("#enrol-form button[type=submit]").click()
            expect(axe_page.locator(".error-summary")).to_be_focused()
        expect(axe_page.locator("h1")).to_have_count(1)
        found = violations(axe_page)
    assert not found, f"axe-core on {url} ({action}):\n" + "\n".join(found)


def test_axe_reports_a_violation(axe_page: Page) -> None:
    axe_page.set_content(
        '<html lang="id"><title>x</title><main><h1>x</h1>'
        '<p style="color:#bbb">pucat</p><input></main></html>'
    )
    found = "\n".join(violations(axe_page))
    assert "color-contrast" in found and "label" in found, found


@pytest.mark.parametrize("width", [360, 320])
def test_on_a_phone_a_wide_table_scrolls_in_its_own_region_by_keyboard(
    browser: Browser, build: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 740})
    try:
        page = context.new_page()
        with serve_folder(build) as base:
            page.goto(f"{base}/en/jkp/changes-2025/index.html")
            region = page.get_by_role("region", name="Side by side")  # the heading above it
            expect(region.locator("table")).to_have_count(1)
            assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "it fits: no test"
            assert _sideways(page) <= 0  # the page itself does not scroll
            region.focus()
            expect(region).to_be_focused()
            page.keyboard.press("ArrowRight")
            region.evaluate(
                "r => new Promise(done => r.scrollLeft > 0 ? done() : r.onscroll = done)"
            )
            assert region.evaluate("r => r.scrollLeft") > 0
            page.goto(f"{base}/jkp/hitung/index.html")  # the calculator's own table
            expect(page.get_by_role("region", name="Contoh hitungan")).to_have_attribute(
                "tabindex", "0"
            )
    finally:
        context.close()
