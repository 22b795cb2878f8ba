"""The staff blueprint: its paths, its headers, its error pages, and what its URLs name."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, g, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from bangkit.database import db
from bangkit.enrol.models import REFERENCE, Enrolment
from bangkit.htmx import wants_fragment
from bangkit.http import content_security_policy
from bangkit.i18n import current_lang
from bangkit.staff.forms import STATUS_LABELS

bp = Blueprint("staff", __name__)

# Every staff URL starts with one of these; sessions exist only under them (see session.py).
PATHS = {"id": "/staf", "en": "/en/staff"}
PREFIXES = tuple(path + "/" for path in PATHS.values())
# A million pages of 50 is an offset well within PostgreSQL's integer (2**31 - 1).
MAX_PAGE = 1_000_000

# The site's policy (bangkit.http), with forms posting to this site only.
CSP = content_security_policy()


def paths(**by_lang: str) -> dict[str, str]:
    """The path of one staff page in each language, under its language's prefix."""
    return {lang: PATHS[lang] + path for lang, path in by_lang.items()}


def render(template: str, status: int = 200, **context: Any) -> Response:
    """A staff page, with the signed-in account at hand for the layout."""
    html = render_template(
        template,
        lang=current_lang(),
        staff=g.get("staff"),
        statuses=STATUS_LABELS,
        csrf_token=generate_csrf,
        **context,
    )
    return make_response(html, status)


@bp.after_request
def headers(response: Response) -> Response:
    """Personal data: never cached, never indexed, and no script that did not come from us."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Content-Security-Policy"] = CSP
    # A link out (a WhatsApp number) must not carry the staff page's address with it.
    response.headers["Referrer-Policy"] = "no-referrer"
    if wants_fragment() and response.status_code >= 400 and response.status_code != 422:
        # A whole error page must not be swapped into one row of the list: reload the page
        # instead (an ended session then leads to the sign-in page, a stale token is renewed).
        response.headers["HX-Refresh"] = "true"
    return response


@bp.errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> Response:
    """A form sent without its token, or with a stale one: say so, and how to try again."""
    return render(
        "staff/refused.html",
        400,
        title=_("The form could not be accepted"),
        reason=_(
            "The form was sent without its security token, or from another page. Go back, "
            "reload the page and try again."
        ),
    )


@bp.errorhandler(403)
@bp.errorhandler(429)
def refused(error: HTTPException) -> Response:
    """Not signed in (403) or too many attempts (429): a readable page, not a bare error."""
    if error.code == 429:
        reason = _(
            "Too many failed sign-in attempts from this connection. Wait a while, then try again."
        )
        title = _("Too many attempts")
    else:
        reason = _("You are not signed in, or your session has ended.")
        title = _("Sign in to continue")
    return render("staff/refused.html", error.code or 403, title=title, reason=reason)


def wants_next(target: str | None) -> str | None:
    """A path to return to after signing in: only a staff path on this site (no open redirect),
    with nothing unprintable in it (a line break cannot go into the Location header)."""
    if (
        target
        and target.startswith(PREFIXES)
        and "//" not in target
        and "\\" not in target
        and target.isprintable()
    ):
        return target
    return None


def back_to_list(lang: str, target: str | None) -> str:
    """`target` if it is the enrolment list (any filters) in this language, else the whole list."""
    target = wants_next(target)
    if target and urlsplit(target).path == PATHS[lang] + "/":
        return target
    return url_for("staff.enrolments", lang=lang)


def page_number() -> int:
    """The page of a list asked for (?page=); the first for anything else, and for a number
    beyond any list, which the database could not take as an offset (a 500 on either)."""
    number = request.args.get("page", 1, type=int)
    return number if 1 <= number <= MAX_PAGE else 1


def here() -> str:
    """This request's path and query, to come back to after signing in."""
    return request.full_path.rstrip("?")


def find_or_404(reference: str) -> Enrolment:
    """The enrolment a URL names; 404 for any other, even one that is not a reference at all
    (PostgreSQL refuses a NUL in what it is asked to compare)."""
    if not REFERENCE.fullmatch(reference):
        abort(404)
    return db.first_or_404(select(Enrolment).filter_by(reference=reference))
