"""The enrolment form in Chromium: with htmx, without JavaScript, and from the static copy.

axe-core checks the same form states in test_accessibility.py (LIVE_PAGES). SQLite only (the
default): tests/enrol/ runs the same views on PostgreSQL too.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from playwright.sync_api import BrowserContext, Page, Route, expect

from freeze import freeze
from support.enrol_form import REFERENCE, enrol_with_htmx, fill
from support.enrolments import stored
from support.paths import FIXTURE_CONTENT, FROZEN_SITE_URL
from support.servers import serve_app, serve_folder


def test_with_htmx_mistakes_show_inline_and_the_confirmation_is_swapped_in(
    page: Page, app: Flask
) -> None:
    with serve_app(app) as base:
        page.goto(base + "/daftar/las/")
        reference = enrol_with_htmx(page, base)

    [row] = stored(app)
    assert (row.reference, row.phone, row.birth_year) == (reference, "+6281234567890", 1990)


def test_without_javascript_the_same_through_full_pages(
    no_js_context: BrowserContext, app: Flask
) -> None:
    page = no_js_context.new_page()
    with serve_app(app) as base:
        page.goto(base + "/en/enrol/las/")
        page.get_by_label("Full name").fill("Tiêu Ωmega")
        page.get_by_label("Mobile or WhatsApp number").fill("12345")
        page.get_by_label("Year of birth").fill("1990")
        page.get_by_label("Highest education completed").select_option("diploma")
        page.get_by_label("Home city or regency").fill("Kabupaten Karawang")
        page.get_by_role("group", name=re.compile("layoff")).get_by_label("No").check()
        page.get_by_role("button", name="Send").click()

        expect(page).to_have_title(re.compile(r"^Error: Ask to join: Welding test"))
        summary = page.locator(".error-summary")
        expect(summary.get_by_role("link")).to_have_count(3)  # phone, JKP, consent
        expect(summary).to_be_focused()  # autofocus: no script needed
        expect(page.get_by_label("Full name")).to_have_value("Tiêu Ωmega")
        expect(page.get_by_label("Highest education completed")).to_have_value("diploma")

        page.get_by_label("Mobile or WhatsApp number").fill("+62 812 3456 7890")
        page.get_by_role("group", name=re.compile("JKP")).get_by_label("Yes").check()
        page.get_by_label("I agree").check()
        page.get_by_role("button", name="Send").click()

        page.wait_for_url(re.compile(re.escape(base) + r"/en/enrol/las/thank-you/[A-Z2-9-]{9}/$"))
        reference = REFERENCE.search(page.locator(".panel").inner_text()).group(0)
        expect(page).to_have_title(re.compile(r"^Request received"))

    [row] = stored(app)
    assert (row.reference, row.full_name, row.lang, row.jkp.value) == (
        reference,
        "Tiêu Ωmega",
        "en",
        "yes",
    )


def test_the_static_copys_form_posts_to_the_live_service(
    page: Page, app: Flask, tmp_path: Path
) -> None:
    folder = tmp_path / "static"
    folder.mkdir()
    # A copy never links to a local address (freeze.py refuses one): it is frozen with a public
    # service address, and the browser's requests to that address go to this run's service.
    public = "https://daftar.example"
    with serve_folder(folder) as static, serve_app(app) as service:
        app.config.update(STATIC_SITE_ORIGINS=[static], STATIC_SITE_URL=static + "/")
        config = {"BUILD_DIR": str(folder), "CONTENT_DIR": str(FIXTURE_CONTENT), "SECRET_KEY": "t"}
        freeze({**config, "SITE_URL": FROZEN_SITE_URL, "ENROL_SERVICE_URL": public}, quiet=True)

        def to_service(route: Route) -> None:
            url = route.request.url.replace(public, service, 1)
            route.fulfill(response=route.fetch(url=url, max_redirects=0))

        page.route(public + "/**", to_service)
        page.goto(static + "/daftar/las/index.html?ref=spsi-bekasi")
        assert page.locator("#enrol-form").get_attribute("action") == public + "/daftar/las/"
        fill(page, phone="081234567890", year="1985")
        page.get_by_role("button", name="Kirim").click()

        page.wait_for_url(re.compile(re.escape(public) + r"/daftar/las/terima-kasih/"))
        reference = REFERENCE.search(page.locator(".panel").inner_text()).group(0)
        back = page.get_by_role("link", name="Kembali ke halaman Teknik Las uji")
        expect(back).to_have_attribute("href", static + "/pelatihan/las/")

    [row] = stored(app)
    assert (row.reference, row.referral) == (reference, "spsi-bekasi")  # copied by enrol.js
