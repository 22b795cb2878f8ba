"""Sessions for staff pages only: a public page never reads, sets, varies on or receives a cookie.

A cookie has one Path, and the staff pages live under two prefixes (/staf/ and /en/staff/) with
no common one short of /, which every public page shares. So the session is written as two
cookies with the same name and value, one per prefix: the browser sends each only to its own
pages, and every answer that changes the session rewrites both, so they never differ and one
sign-in serves both languages.
"""

from __future__ import annotations

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin

from bangkit.staff.blueprint import PREFIXES


class StaffSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, opened only under the staff paths, sent only to them."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """A real session on staff paths; elsewhere a null one that refuses to be written."""
        if not request.path.startswith(PREFIXES):
            return self.make_null_session(app)
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        """SESSION_COOKIE_SECURE when set; unset (None), Secure whenever the request is HTTPS."""
        setting = app.config["SESSION_COOKIE_SECURE"]
        return request.is_secure if setting is None else bool(setting)

    def get_cookie_path(self, app: Flask) -> str:
        """This request's staff prefix (save_session writes the cookie under every prefix)."""
        return next((p for p in PREFIXES if request.path.startswith(p)), PREFIXES[0])

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Flask's own saving, with the cookie set (or deleted) once per staff prefix."""
        name = self.get_cookie_name(app)
        if session.accessed:
            response.vary.add("Cookie")
        if not session and not session.modified:
            return
        if session and not self.should_set_cookie(app, session):
            return
        # Emptied (signed out and nothing else kept): both cookies are removed.
        value = self.get_signing_serializer(app).dumps(dict(session)) if session else ""  # type: ignore[union-attr]
        expires = self.get_expiration_time(app, session) if session else 0
        for path in PREFIXES:
            response.set_cookie(
                name,
                value,
                expires=expires,
                max_age=None if session else 0,
                path=path,
                domain=self.get_cookie_domain(app),
                secure=self.get_cookie_secure(app),
                partitioned=self.get_cookie_partitioned(app),
                samesite=self.get_cookie_samesite(app),
                httponly=self.get_cookie_httponly(app),
            )
        response.vary.add("Cookie")
