"""Sharing: short links and moved pages, QR codes, the share block, the unions kit, flyers."""

from __future__ import annotations

from flask import Flask

from bangkit.content import LANGS, ContentError
from bangkit.share.block import absolute_short
from bangkit.share.links import SHORT_FILE, load_links
from bangkit.share.qr import make_qr
from bangkit.share.views import bp, moved


def init_app(app: Flask) -> None:
    """Load and check the lists, route them, and make every QR code once.

    create_app calls it after every other blueprint: a short link may name their views.
    """
    found = load_links(app.config["CONTENT_DIR"], app.extensions["bangkit.site"])
    app.extensions["bangkit.links"] = found
    for old in found.moved:
        app.add_url_rule(old, "moved", moved, defaults={"old": old})
    app.register_blueprint(bp)
    for code, target in found.short.items():
        if target.view and target.view not in app.view_functions:
            raise ContentError(f"{SHORT_FILE}: '{code}': no view named '{target.view}'")
    with app.test_request_context():
        app.extensions["bangkit.qr"] = {
            (lang, code): make_qr(absolute_short(lang, code))
            for code in found.short
            for lang in LANGS
        }
