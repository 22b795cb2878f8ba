"""Pre-enrolment for training: the form (also frozen), the field check and the confirmation."""

from __future__ import annotations

from flask import Flask

from bangkit.enrol.views import bp, live


def init_app(app: Flask) -> None:
    """Register the form pages; live, also the answers (a static copy has no confirmation)."""
    app.register_blueprint(bp)
    if not app.config["FREEZING"]:
        app.register_blueprint(live)
