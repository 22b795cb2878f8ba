"""The SVG QR codes, drawn by Chromium as a reader's browser would, then decoded by zbarimg."""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import Browser

from bangkit import create_app
from bangkit.content import LANGS
from support.qr import SITE, zbar


def test_every_qr_svg_decodes_to_its_short_link(browser: Browser, tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SITE_URL": SITE})
    client = app.test_client()
    page = browser.new_page()
    try:
        for code in app.extensions["bangkit.links"].short:
            for lang in LANGS:
                path = f"{'/en' if lang == 'en' else ''}/s/{code}/"
                svg = base64.b64encode(client.get(path + "qr.svg").data).decode()
                page.set_content(
                    '<body style="margin:0;background:#fff">'
                    f'<img id="qr" src="data:image/svg+xml;base64,{svg}"></body>'
                )
                image = tmp_path / f"{lang}-{code}.png"
                page.locator("#qr").screenshot(path=str(image))
                assert zbar(image) == SITE + path
    finally:
        page.close()
