"""The error pages of the live app (400, 405, 413, 500 and the rest) in the page's language.

404 has its own page (pages.py); the enrolment and staff blueprints answer their own 403, 413,
429 and CSRF errors, which Flask finds before these.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template
from flask_babel import lazy_gettext as _
from werkzeug.exceptions import HTTPException

from bangkit.i18n import current_lang

# Per status: a title and what happened, in a reader's words (Werkzeug's own are English).
REASONS = {
    400: (
        _("The request could not be read"),
        _(
            "What your browser sent could not be understood. Go back, reload the page and try "
            "again."
        ),
    ),
    405: (
        _("This address does not take that request"),
        _("This page cannot be used that way. Go back and open it again from a link."),
    ),
    413: (
        _("What was sent is too large"),
        _("What was sent is far larger than this page accepts, so it was not read."),
    ),
    500: (
        _("Something went wrong on our side"),
        _("The page could not be shown because of an error on this site. Try again later."),
    ),
}
OTHER = (
    _("The request could not be answered"),
    _("This request cannot be answered. Go back and try again from a link."),
)
# If the page itself cannot be rendered (the error may lie in what renders it): both languages.
BARE = (
    '<!doctype html>\n<html lang="id">\n<meta charset="utf-8">\n<title>{code}</title>\n'
    "<h1>{code}</h1>\n<p>Maaf, terjadi kesalahan. Coba lagi nanti.</p>\n"
    '<p lang="en">Sorry, something went wrong. Try again later.</p>\n'
)


def error_page(error: HTTPException) -> Response:
    """Any HTTP error without a page of its own, in the language its path suggests.

    The error's own headers are kept (a 405's Allow); the app's after_request functions add the
    security headers and `no-store`, as on every answer.
    """
    code = error.code or 500
    title, reason = REASONS.get(code, OTHER)
    try:
        html = render_template(
            "pages/error.html", lang=current_lang(), title=title, description=reason, code=code
        )
    except Exception:  # the page must not fail in turn: Werkzeug's bare English one would show
        current_app.logger.exception("the error page for %s could not be rendered", code)
        html = BARE.format(code=code)
    response = Response(html, code, mimetype="text/html")
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Every HTTP error, and any exception (a 500), gets error_page unless a blueprint or a
    more specific handler (404) answers it."""
    app.register_error_handler(HTTPException, error_page)
