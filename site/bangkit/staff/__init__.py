"""Staff pages (live app only): sign in, review, follow up, export and count enrolments."""

from __future__ import annotations

from flask import Flask

from bangkit.staff import activity, auth, display, followup, views  # noqa: F401 - on bp
from bangkit.staff.blueprint import bp
from bangkit.staff.session import StaffSessions


def init_app(app: Flask) -> None:
    """Register the staff pages and their sessions; never in the static copy."""
    if app.config["FREEZING"]:
        return  # no URL of these exists while freezing, so none can be frozen by mistake
    app.session_interface = StaffSessions()
    app.register_blueprint(bp)
