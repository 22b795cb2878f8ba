"""The share block's copy button, with JavaScript on and off, and one-page A4 flyers."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from support.servers import serve_app

SITE = "http://127.0.0.1:5000"


def test_the_copy_button_copies_the_short_link(app: Flask, browser: Browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        with serve_app(app) as base:
            page.goto(base + "/pelatihan/las/")
            button = page.locator('button[data-copy="share-link"]')
            button.click()
            expect(page.locator("#share-block [role=status]")).to_have_text("Sudah disalin")
            assert page.evaluate("navigator.clipboard.readText()") == f"{SITE}/s/las/"
            # The QR code is drawn, at the size the page reserved for it.
            assert page.locator("#share-block img.qr").evaluate("i => i.naturalWidth") > 100
    finally:
        context.close()


def test_without_javascript_the_link_is_there_and_no_dead_button(
    app: Flask, no_js_context: BrowserContext
) -> None:
    page = no_js_context.new_page()
    with serve_app(app) as base:
        page.goto(base + "/en/training/welding/")
        expect(page.locator("#share-link")).to_have_value(f"{SITE}/en/s/las/")
        expect(page.locator('button[data-copy="share-link"]')).to_be_hidden()
        expect(page.get_by_role("link", name="Share on WhatsApp")).to_be_visible()


def test_every_flyer_prints_on_one_a4_page(real_app: Flask, browser: Browser) -> None:
    site = real_app.extensions["bangkit.site"]
    flyers = [
        ("/serikat/selebaran/" if p.lang == "id" else "/en/unions/flyer/") + p.key + "/"
        for p in site.pages.values()
        if p.layout == "workshop"
    ]
    assert len(flyers) == 10
    with serve_app(real_app) as base:
        for url in flyers:
            page = browser.new_page()  # fresh: a page reused after printing laid out differently
            try:
                page.goto(base + url)
                pdf = page.pdf(prefer_css_page_size=True, print_background=True)
                pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
                assert pages == 1, f"{url}: {pages} pages"
                box = page.locator(".scan img").bounding_box()
                assert box and box["width"] > 100  # the QR code is on it, and large
            finally:
                page.close()
