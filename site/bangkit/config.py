"""Default settings: every one has a value that works with no configuration at all."""

from __future__ import annotations

import contextvars
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask

# The repository root: site/bangkit/config.py -> parents[2].
ROOT = Path(__file__).resolve().parents[2]

# Each default is listed, with what it does, in the README's "Configuration" table.
DEFAULTS: dict[str, object] = {
    "SITE_URL": "http://127.0.0.1:5000",
    "SITE_NAME": "Bangkit",
    # Who runs this copy (bangkit.operator): unset, the copy names nobody and takes no enrolments.
    "OPERATOR_NAME": None,
    "OPERATOR_CONTACT": None,
    "OPERATOR_IS_CENTRE": False,  # true only when BBPVP Bekasi itself runs this copy
    "FOLLOW_UP_BY": None,  # None: the operator's own people call readers back
    "CONTENT_DIR": str(ROOT / "content"),
    "BUILD_DIR": str(ROOT / "build"),
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "ENROL_SERVICE_URL": None,
    "STATIC_SITE_ORIGINS": [],
    "STATIC_SITE_URL": None,  # the static copy's address: the enrolment confirmation links back
    # Per client address; a union meeting on one Wi-Fi, or a mobile carrier's shared address
    # (CGNAT), puts many people behind one, so not tight: the honeypot does most of the work.
    "ENROL_RATE_LIMIT": "20 per minute; 200 per hour",
    "ENROL_CHECK_RATE_LIMIT": "300 per minute",  # cheap; when refused, the field stays as it was
    "RATELIMIT_ENABLED": True,  # counted by bangkit.ratelimit
    "RATELIMIT_STORAGE_URI": "memory://",  # one process only; use redis:// with several
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,  # Redis down: count in memory, keep serving
    # Staff pages (bangkit.staff): see README "Staff pages".
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,  # seconds: a staff session lasts one working day
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": None,  # None: Secure whenever the request came over HTTPS
    "WTF_CSRF_TIME_LIMIT": None,  # a staff form's token lasts as long as the session
    "LOGIN_MAX_FAILURES": 5,  # failed sign-ins in a row before an account locks
    "LOGIN_LOCKOUT_MINUTES": 15,  # doubled for each further failure, up to 8 times
    "LOGIN_RATE_LIMIT": "10 per 15 minutes; 30 per day",  # failed sign-ins per client address
    "RETENTION_MONTHS": 12,  # enrolments are purged this long after they last changed
    "PROXIES": 0,  # how many proxies (nginx, a load balancer) stand before the app: see README
    "FREEZING": False,  # set by freeze.py: an app that only renders the static copy
    "BABEL_DEFAULT_LOCALE": "id",
    "MAX_CONTENT_LENGTH": 64 * 1024,
}


def instance_secret_key(instance_path: Path) -> str:
    """Read the secret key kept in the instance folder, creating it on first use.

    A key kept on disk survives restarts and is shared by every worker on the machine,
    which a key made afresh in each process would not be.
    """
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Settings in Flask's tutorial order: defaults, instance/config.py, BANGKIT_*, test_config."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BANGKIT")  # JSON when it parses, else text
    if os.environ.get("DATABASE_URL"):  # the name hosting platforms use
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


@dataclass
class StaticRendering:
    """A rendering of the static copy in progress (render.py), and what its links need."""

    path: str  # the URL path it renders: relative links start from its folder
    absolute_links: bool = False  # every link absolute instead (404.html, served at any depth)
    urls: dict[tuple[Any, ...], str] = field(default_factory=dict)  # url_for, remembered
    translations: Any = None  # the interface strings of its language, once found


_static: contextvars.ContextVar[StaticRendering | None] = contextvars.ContextVar(
    "static_rendering", default=None
)


def frozen() -> bool:
    """True while this answer is rendered as the static copy has it (render.py): by freeze.py,
    and by the live app for the pages that are the same for every reader, which it serves as
    those bytes. False for a live answer made for one request (a form, a `?ref=` link).

    The one name for that switch: templates see it as `frozen`.
    """
    return _static.get() is not None


def static_rendering() -> StaticRendering | None:
    """The static rendering in progress, if any (a context variable: cheap, and each rendering
    runs in a context of its own)."""
    return _static.get()


def start_static_rendering(state: StaticRendering) -> None:
    """Mark the current context as rendering the static copy (render.py calls it in a fresh
    context, so it ends with the rendering)."""
    _static.set(state)
