"""Each short link's QR code, decoded for real with Debian's zbarimg (zbar-tools)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from bangkit import create_app
from bangkit.content import LANGS
from support.qr import SITE, zbar


@pytest.fixture(scope="module")
def public_app() -> Flask:
    """The real site with a public https address, as deployed."""
    return create_app({"TESTING": True, "SECRET_KEY": "t", "SITE_URL": SITE})


def test_every_qr_png_decodes_to_its_short_link(public_app: Flask, tmp_path: Path) -> None:
    client = public_app.test_client()
    codes = list(public_app.extensions["bangkit.links"].short)
    assert codes
    for code in codes:
        for lang in LANGS:
            link = f"{SITE}{'/en' if lang == 'en' else ''}/s/{code}/"
            response = client.get(link[len(SITE) :] + "qr.png")
            assert response.status_code == 200 and response.mimetype == "image/png"
            image = tmp_path / f"{lang}-{code}.png"
            image.write_bytes(response.data)
            assert zbar(image) == link


def test_the_svg_is_a_sized_image_of_the_configured_short_link(public_app: Flask) -> None:
    # The SVG is decoded in a real browser in tests/browser/test_qr_browser.py; here only that
    # it is a sized SVG image served as one.
    response = public_app.test_client().get("/s/las/qr.svg")
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b'<svg xmlns="http://www.w3.org/2000/svg" width="')
    qr = public_app.extensions["bangkit.qr"][("id", "las")]
    assert qr.url == f"{SITE}/s/las/" and f'width="{qr.size}"'.encode() in response.data
