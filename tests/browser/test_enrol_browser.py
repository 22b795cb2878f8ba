"""The enrolment form in Chromium: with htmx, without JavaScript, and from the static copy.

axe-core checks the same form states in test_accessibility.py (LIVE_PAGES).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from bangkit.enrol.models import Enrolment
from bangkit.extensions import db
from conftest import FIXTURE_CONTENT
from freeze import freeze
from servers import serve_app, serve_folder

# The browser tests use SQLite only; test_enrol.py runs the same views on PostgreSQL too.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
REFERENCE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


def stored(app: Flask) -> list[Enrolment]:
    with app.app_context():
        return list(db.session.scalars(db.select(Enrolment)))


def fill(page: Page, phone: str, year: str) -> None:
    """Answer every question as a person would, by label, with the given phone and year."""
    page.get_by_label("Nama lengkap").fill("Siti Nur'aini")
    page.get_by_label("Nomor HP atau WhatsApp").fill(phone)
    page.get_by_label("Tahun lahir").fill(year)
    page.get_by_label("Pendidikan terakhir").select_option("sma")
    page.get_by_label("Kota atau kabupaten tempat tinggal").fill("Kota Bekasi")
    page.get_by_role("group", name=re.compile("PHK")).get_by_label("Ya").check()
    page.get_by_role("group", name=re.compile("JKP")).get_by_label("Tidak tahu").check()
    page.get_by_label("Saya setuju").check()


def test_with_htmx_mistakes_show_inline_and_the_confirmation_is_swapped_in(
    page: Page, app: Flask
) -> None:
    with serve_app(app) as base:
        page.goto(base + "/daftar/las/")
        reference = enrol_with_htmx(page, base)

    [row] = stored(app)
    assert (row.reference, row.phone, row.birth_year) == (reference, "+6281234567890", 1990)


def enrol_with_htmx(page: Page, base: str) -> str:
    """On the Teknik Las form at `base`: make two mistakes, see them, fix them, send once.

    Return the reference the swapped-in confirmation shows. (tests/test_deploy.py runs the
    same steps through nginx.)
    """
    form_url = page.url
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.sameDocument = true")  # gone if the page were loaded again

    fill(page, phone="12345", year="2020")
    # Leaving a field is enough to see its mistake, before sending.
    phone_error = page.locator("#phone-error")
    expect(phone_error).to_contain_text("Tulis nomor HP yang diawali 08, 62 atau +62")
    expect(page.get_by_label("Nomor HP atau WhatsApp")).to_have_attribute("aria-invalid", "true")

    page.get_by_role("button", name="Kirim").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page.locator("#birth_year-error")).to_contain_text("mulai umur 17 tahun")
    expect(page).to_have_title(re.compile(r"^Kesalahan: Minta ikut pelatihan"))
    expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Nur'aini")  # kept

    page.get_by_label("Nomor HP atau WhatsApp").fill("0812 3456 7890")
    page.get_by_label("Tahun lahir").fill("1990")
    page.get_by_label("Tahun lahir").blur()
    expect(phone_error).to_have_count(0)  # fixed, and the check says so at once

    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    form = page.locator("#enrol-form")
    form.evaluate("f => { f.requestSubmit(); f.requestSubmit(); }")  # a double click
    panel = page.locator(".panel")
    expect(panel).to_be_focused()
    reference = REFERENCE.search(panel.inner_text()).group(0)
    assert page.evaluate("window.sameDocument") is True
    assert page.url == form_url  # no page load
    assert posts.count(base + "/daftar/las/") == 1
    return reference


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
    with serve_folder(folder) as static, serve_app(app) as service:
        app.config.update(STATIC_SITE_ORIGINS=[static], STATIC_SITE_URL=static + "/")
        config = {"BUILD_DIR": str(folder), "CONTENT_DIR": str(FIXTURE_CONTENT)}
        freeze({**config, "SECRET_KEY": "t", "ENROL_SERVICE_URL": service}, quiet=True)

        page.goto(static + "/daftar/las/index.html?ref=spsi-bekasi")
        assert page.locator("#enrol-form").get_attribute("action") == service + "/daftar/las/"
        fill(page, phone="081234567890", year="1985")
        page.get_by_role("button", name="Kirim").click()

        page.wait_for_url(re.compile(re.escape(service) + r"/daftar/las/terima-kasih/"))
        reference = REFERENCE.search(page.locator(".panel").inner_text()).group(0)
        back = page.get_by_role("link", name="Kembali ke halaman Teknik Las uji")
        expect(back).to_have_attribute("href", static + "/pelatihan/las/")

    [row] = stored(app)
    assert (row.reference, row.referral) == (reference, "spsi-bekasi")  # copied by enrol.js
