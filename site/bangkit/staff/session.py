"""Sessions for staff pages only: a public page never reads, sets or varies on a cookie."""

from __future__ import annotations

from flask import Flask, Request, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from bangkit.staff.blueprint import PREFIXES


class StaffSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, opened only under the staff paths."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """A real session on staff paths; elsewhere a null one that refuses to be written."""
        if not request.path.startswith(PREFIXES):
            return self.make_null_session(app)
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        """SESSION_COOKIE_SECURE when set; unset (None), Secure whenever the request is HTTPS."""
        setting = app.config["SESSION_COOKIE_SECURE"]
        return request.is_secure if setting is None else bool(setting)
