"""Sharing: short links and moved pages, QR codes, the share block, the unions kit, flyers."""

from __future__ import annotations

from flask import Flask

from bangkit.content import ContentError
from bangkit.share.links import SHORT_FILE, load_links
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
    app.extensions["bangkit.qr"] = {}  # made when first asked for (share.block.qr)
