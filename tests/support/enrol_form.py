"""The enrolment form in Chromium, as a person fills it in: by label, mistakes first."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

REFERENCE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


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


def enrol_with_htmx(page: Page, base: str) -> str:
    """On the Teknik Las form at `base`: make two mistakes, see them, fix them, send once.

    Return the reference the swapped-in confirmation shows. (tests/browser/test_deploy_browser.py
    runs the same steps through nginx.)
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
