"""Signing staff in and out: password checks, lockout, and the guard on every staff page."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import time
from functools import cache

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response
from wtforms.validators import ValidationError

from bangkit import ratelimit
from bangkit.clock import as_utc, utcnow
from bangkit.database import db
from bangkit.i18n import current_lang, route
from bangkit.staff.blueprint import bp, here, paths, render, wants_next
from bangkit.staff.forms import LoginForm
from bangkit.staff.models import StaffUser, new_token

OPEN = {"staff.login"}  # the only staff page that needs no session


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def signed_in() -> StaffUser | None:
    """The account of this session, if it is still valid (not expired, not signed out)."""
    held = session.get("staff")
    if not isinstance(held, dict):
        return None
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if time.time() - held.get("since", 0) > lifetime:
        return None  # a fixed working day from signing in, however busy the session
    user = db.session.get(StaffUser, held.get("id", 0))
    if user is None or not hmac.compare_digest(user.session_token, str(held.get("token"))):
        return None
    return user


@bp.before_request
def guard() -> Response | None:
    """Every staff page but the sign-in page needs a session; every POST needs its CSRF token."""
    g.staff = signed_in()
    if g.staff is None and request.endpoint not in OPEN:
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("staff.login", lang=current_lang(), next=here()))
        abort(403)
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as error:
            raise CSRFError(error.args[0]) from None
    return None


def check_password(name: str, password: str) -> StaffUser | None:
    """The account if name and password match and it is not locked; else None.

    An unknown name costs the same hash as a known one, so timing does not tell them apart.
    After LOGIN_MAX_FAILURES failures in a row the account locks for LOGIN_LOCKOUT_MINUTES,
    doubling with each further failure (up to 8 times as long); a success resets it.
    """
    user = db.session.scalar(select(StaffUser).filter_by(name=name.lower()))
    matches = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    now = utcnow()
    if user is None or (user.locked_until and as_utc(user.locked_until) > now):
        return None
    if matches:
        user.failed_logins, user.locked_until = 0, None
        db.session.commit()
        return user
    user.failed_logins += 1
    over = user.failed_logins - current_app.config["LOGIN_MAX_FAILURES"]
    if over >= 0:
        minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"] * 2 ** min(over, 3)
        user.locked_until = now + dt.timedelta(minutes=minutes)
    db.session.commit()
    return None


def client_blocked() -> bool:
    """True when this client address has used up its failed sign-ins (LOGIN_RATE_LIMIT)."""
    try:
        return not ratelimit.within("LOGIN_RATE_LIMIT", "staff-login", count=False)
    except Exception:  # the store did not answer, and no fallback: the accounts' lockout holds
        current_app.logger.warning("staff sign-in: the rate-limit store did not answer")
        return False


def count_client_failure() -> None:
    """Count one failed sign-in against this client address (only failures count)."""
    try:
        ratelimit.within("LOGIN_RATE_LIMIT", "staff-login")
    except Exception:  # as above
        current_app.logger.warning("staff sign-in: the rate-limit store did not answer")


@route(bp, paths(id="/masuk/", en="/login/"), methods=["GET", "POST"])
def login(lang: str) -> Response:
    """The sign-in page; a POST answers 303 to the list, or 422 with one neutral message."""
    if g.staff is not None and request.method != "POST":  # GET or HEAD
        return redirect(url_for("staff.enrolments", lang=lang))
    form = LoginForm()
    problem = None
    if request.method == "POST" and client_blocked():
        abort(429)  # before any password is tried
    if form.validate_on_submit():
        user = check_password(str(form.name.data), str(form.password.data))
        if user is not None:
            session.clear()
            session.permanent = True
            session["staff"] = {"id": user.id, "token": user.session_token, "since": time.time()}
            target = wants_next(request.args.get("next"))
            return redirect(target or url_for("staff.enrolments", lang=lang), 303)
        count_client_failure()
        problem = _(
            "The name or the password is not right, or this account is locked for a while after "
            "too many attempts. Check them and try again, or wait and try later."
        )
    status = 422 if request.method == "POST" else 200
    form.password.data = ""  # never sent back
    return render("staff/login.html", status, form=form, problem=problem, title=_("Staff sign in"))


@route(bp, paths(id="/keluar/", en="/logout/"), methods=["POST"])
def logout(lang: str) -> Response:
    """Sign out: a new token ends this session, and any other of this account, for good."""
    g.staff.session_token = new_token()
    db.session.commit()
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("staff.login", lang=lang), 303)
