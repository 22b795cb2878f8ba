"""The JKP checker and calculator in a real browser: frozen with JavaScript off and on, and live."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bangkit.jkp.benefit import WageError, benefit, parse_wage, rupiah
from support.servers import serve_app, serve_folder


def _tap(page: Page, text: str) -> None:
    """Tap the one answer (or tool link) whose text contains `text`, and wait for the page."""
    link = page.locator(".choices a, .tools a").filter(has_text=text)
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()


@pytest.mark.parametrize(
    ("start", "taps", "verdict", "next_step"),
    [
        (
            "/index.html",  # the home page: a new reader's first page
            [
                "Bisakah saya klaim JKP?",
                "kena PHK dari perusahaan",
                "Kurang dari",
                "Belum",
                "saya WNI",
                "Di bawah",
                "12 bulan atau lebih",
                "berturut-turut",
                "terdaftar di JP",
                "terdaftar di JKN",
                "Sudah dilaporkan",
                "Tidak menunggak",
            ],
            "Kemungkinan bisa klaim",
            "Cara klaim di SIAPkerja",
        ),
        (
            "/en/jkp/index.html",
            [
                "Can I claim JKP?",
                "bankrupt or closed",
                "Less than",
                "No, not yet",
                "Indonesian citizen",
                "Under",
                "12 months or more",
                "in a row",
                "I am in JP",
                "I am in JKN",
                "reported",
                "more than 3",
                "Yes, bankrupt",
                "6 months or less",
            ],
            "Likely eligible",
            "How to claim on SIAPkerja",
        ),
        (
            "/en/jkp/index.html",
            ["Can I claim JKP?", "I resigned"],
            "Not eligible",
            "Free job training at BBPVP Bekasi",
        ),
        (
            "/en/jkp/index.html",
            ["Can I claim JKP?", "laid me off", "More than 6 months ago"],
            "Not eligible",
            "What changed on 7 February 2025",
        ),
    ],
)
def test_the_frozen_checker_answers_one_question_a_tap_with_javascript_off(
    no_js_context: BrowserContext,
    build: Path,
    start: str,
    taps: list[str],
    verdict: str,
    next_step: str,
) -> None:
    page = no_js_context.new_page()
    with serve_folder(build) as base:
        page.goto(base + start)
        for text in taps:
            _tap(page, text)
        assert len(taps) <= 15  # one question a step, from the home or JKP page, plus the tool link
        expect(page.locator(".verdict")).to_have_text(verdict)
        expect(page.locator("#sources ~ ol li").first).to_be_visible()
        with page.expect_navigation():
            page.locator("ul.next a").filter(has_text=next_step).click()
        expect(page.locator("h1")).to_have_count(1)
        assert page.url.endswith("/index.html")  # a page of the copy, not a folder listing


def test_the_frozen_calculator_shows_its_table_with_javascript_off(
    no_js_context: BrowserContext, build: Path
) -> None:
    page = no_js_context.new_page()
    with serve_folder(build) as base:
        page.goto(base + "/jkp/hitung/index.html")
        expect(page.locator("#calc")).to_be_hidden()  # no form that cannot work
        row = page.locator("tbody tr").filter(has_text="Rp6.000.000")
        expect(row).to_contain_text("Rp3.000.000")
        expect(row).to_contain_text("Rp18.000.000")
        expect(page.get_by_text("tidak bisa menghitung tanpa JavaScript")).to_be_visible()


WAGES = [
    "3.500.000",
    "3,5 juta",
    "Rp 3500000",
    "Rp3.500.000,00",
    "4000000",
    "5.000.000",
    "Rp 7.250.000,-",
    "12 jt",
    "999.999",
    "4.999.999",
]
BAD = ["", "0", "-3.000.000", "tiga juta", "3500", "2.000.000.000", "3.50.000"]


def _expected(typed: str) -> tuple[str, str] | str:
    try:
        b = benefit(parse_wage(typed))
    except WageError as error:
        return error.reason
    return rupiah(b.monthly), rupiah(b.total)


def test_the_frozen_calculator_computes_in_the_page_with_javascript_on(
    context: BrowserContext, build: Path
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve_folder(build) as base:
        page.goto(base + "/jkp/hitung/index.html")
        field = page.get_by_label("Upah bulanan terakhir Anda")
        for typed in WAGES + BAD:
            field.fill(typed)
            page.get_by_role("button", name="Hitung").click()
            expected = _expected(typed)
            if isinstance(expected, tuple):
                expect(page.locator('[data-slot="monthly"]')).to_have_text(expected[0])
                expect(page.locator('[data-slot="total"]')).to_have_text(expected[1])
                expect(page.locator("#wage-error")).to_be_hidden()
                capped = parse_wage(typed) > Decimal(5_000_000)
                expect(page.locator('[data-slot="cap"]')).to_be_visible(visible=capped)
            else:
                message = page.locator("#calc").get_attribute(f"data-msg-{expected}")
                expect(page.locator("#wage-error")).to_have_text(f"Kesalahan: {message}")
                expect(page.locator(".benefit")).to_be_hidden()
                expect(field).to_have_attribute("aria-invalid", "true")
        assert page.url.endswith("/jkp/hitung/index.html")  # the page never left
        expect(page.locator("#calc-table-only")).to_be_hidden()
    assert errors == []


def test_the_live_calculator_answers_in_place_with_htmx(page: Page, app: Flask) -> None:
    with serve_app(app) as base:
        page.goto(base + "/en/jkp/calculate/")
        field = page.get_by_label("Your last monthly wage")
        field.fill("4,5 juta")
        page.get_by_role("button", name="Calculate").click()
        expect(page.locator('[data-slot="monthly"]')).to_have_text("Rp2.700.000")
        assert page.url == base + "/en/jkp/calculate/"  # swapped in place, not a new page
        field.fill("lots")
        page.get_by_role("button", name="Calculate").click()
        expect(page.locator(".error-summary")).to_contain_text("We could not read that")
        expect(page.get_by_label("Your last monthly wage")).to_have_value("lots")


def test_the_live_calculator_works_without_javascript(
    no_js_context: BrowserContext, app: Flask
) -> None:
    page = no_js_context.new_page()
    with serve_app(app) as base:
        page.goto(base + "/jkp/hitung/")
        page.get_by_label("Upah bulanan terakhir Anda").fill("Rp 8.000.000")
        with page.expect_navigation():
            page.get_by_role("button", name="Hitung").click()
        expect(page.locator('[data-slot="monthly"]')).to_have_text("Rp3.000.000")
        expect(page.locator('[data-slot="cap"]')).to_be_visible()


def test_the_live_calculator_and_its_message_pass_axe(browser: Browser, app: Flask) -> None:
    from support.axe import violations

    # bypass_csp: axe-core goes in as an inline script, which the site's CSP forbids.
    page = browser.new_context(bypass_csp=True).new_page()
    with serve_app(app) as base:
        page.goto(base + "/jkp/hitung/?upah=banyak")
        expect(page.locator(".error-summary")).to_be_focused()
        found = violations(page)
        page.get_by_label("Upah bulanan terakhir Anda").fill("6.000.000")
        page.get_by_role("button", name="Hitung").click()
        expect(page.locator('[data-slot="cap"]')).to_be_visible()
        found += violations(page)
    page.context.close()
    assert not found, "\n".join(found)
