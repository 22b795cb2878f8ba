"""A union officer, as a new user: the welding workshop's WhatsApp text and QR code from /serikat/,
then the preview a chat app would build from the link."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, expect

from support.qr import zbar
from support.servers import serve_app


def test_an_officer_takes_the_welding_text_and_qr_and_the_link_previews_well(
    real_app: Flask, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], accept_downloads=True
    )
    try:
        page = context.new_page()
        with serve_app(real_app) as base:
            page.goto(base + "/")
            page.get_by_role("link", name=re.compile("serikat", re.I)).first.click()
            kit = page.locator("section.kit", has=page.get_by_role("heading", name="Teknik Las"))
            kit.get_by_text("Teks siap tempel").click()
            kit.get_by_role("button", name="Salin").first.click()
            expect(kit.get_by_role("status").first).to_have_text("Sudah disalin")
            text = page.evaluate("navigator.clipboard.readText()")
            link = text.splitlines()[-1]
            assert text.startswith("*Teknik Las*\n") and link.endswith("/s/las/")

            with page.expect_download() as download:
                kit.get_by_role("link", name="PNG (untuk Word)").click()
            png = tmp_path / download.value.suggested_filename
            download.value.save_as(png)
            assert png.name == "qr-las.png" and zbar(png) == link

            # What WhatsApp's fetcher does with the pasted link: follow the redirect, read
            # the preview tags, fetch the image. (The public address is this test server.)
            public = real_app.config["SITE_URL"]
            assert link.startswith(public)
            with urllib.request.urlopen(link.replace(public, base), timeout=10) as response:
                html = response.read().decode()
                assert response.url.endswith("/pelatihan/teknik-las/")
            tags = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)">', html))
            assert tags["og:title"] == "Teknik Las" and tags["og:description"]
            image_url = tags["og:image"].replace(public, base)
            with urllib.request.urlopen(image_url, timeout=10) as image:
                assert image.headers["Content-Type"] == "image/png"
                assert len(image.read()) < 300 * 1024
    finally:
        context.close()
