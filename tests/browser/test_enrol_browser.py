"""The enrolment form in Chromium: with htmx, without JavaScript, and from the static copy.

axe-core checks the same form states in test_accessibility.py (LIVE_PAGES). SQLite only (the
default): tests/enrol/ runs the same views on PostgreSQL too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
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


# What nginx sends while gunicorn restarts: not an answer of the form's.
NGINX_502 = (
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
)


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        ("502", "server sedang tidak menjawab"),  # the service restarting behind nginx
        ("no connection", "tidak ada sambungan"),  # mobile data dropped, or a timeout
    ],
)
def test_with_htmx_a_form_that_gets_no_answer_of_its_own_keeps_the_answers_and_says_so(
    page: Page, app: Flask, failure: str, said: str
) -> None:
    with serve_app(app) as base:
        page.goto(base + "/daftar/las/")
        page.wait_for_function("window.htmx !== undefined")
        fill(page, phone="0812 3456 7890", year="1990")

        def fail(route: Route) -> None:
            if failure == "502":
                route.fulfill(status=502, content_type="text/html", body=NGINX_502)
            else:
                route.abort("internetdisconnected")

        page.route(base + "/daftar/las/", fail)  # the form's POST (the page is loaded)
        send = page.get_by_role("button", name="Kirim")
        send.click()
        note = page.locator("#enrol-unsent")
        expect(note).to_be_visible()
        expect(note).to_contain_text(said)
        expect(note).to_contain_text("Jawaban Anda masih ada di sini")
        expect(page.get_by_text("Bad Gateway")).to_have_count(0)  # not swapped in
        expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Nur'aini")
        expect(page.get_by_label("Saya setuju")).to_be_checked()
        expect(send).to_be_enabled()
        assert stored(app) == []

        page.unroute(base + "/daftar/las/")  # the service answers again: the same button sends
        send.click()
        expect(page.locator(".panel")).to_be_focused()
        expect(note).to_have_count(0)  # the confirmation took the form's place

    assert len(stored(app)) == 1


def test_with_htmx_a_field_check_without_an_answer_of_its_own_leaves_the_field(
    page: Page, app: Flask
) -> None:
    with serve_app(app) as base:
        page.goto(base + "/daftar/las/")
        page.wait_for_function("window.htmx !== undefined")
        checks: list[str] = []

        def fail(route: Route) -> None:
            checks.append(route.request.url)
            route.fulfill(status=502, content_type="text/html", body=NGINX_502)

        page.route(base + "/daftar/periksa/**", fail)
        handled = "new Promise(done => document.addEventListener('htmx:finally:request', done))"
        page.evaluate(f"() => {{ window.handled = {handled}; }}")  # not awaited here
        name = page.get_by_label("Nama lengkap")
        name.fill("Siti")
        name.blur()
        page.evaluate("window.handled.then(() => true)")  # htmx is done with the answer
        assert checks == [base + "/daftar/periksa/full_name/"]
        expect(page.get_by_text("Bad Gateway")).to_have_count(0)
        expect(name).to_have_value("Siti")
        expect(page.locator("#enrol-unsent")).to_be_hidden()  # a check is not the form
