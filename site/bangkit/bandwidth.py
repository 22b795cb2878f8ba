"""Low-bandwidth serving: compressed responses, cache headers, and the favicon."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    request,
    request_finished,
    send_from_directory,
)
from flask_compress import Compress

bp = Blueprint("bandwidth", __name__)

# A static file asked for with its content hash (?v=, see templating.asset) never changes.
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages change when content is published: kept a few minutes, then the browser asks again,
# and the ETag makes that a tiny 304 when nothing changed.
PAGE = "public, max-age=300"
NO_STORE = "no-store"

COMPRESSION = {
    # Brotli first: the smallest answer for text; gzip for older browsers and proxies.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 5,
}


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for at the root when a page (or a feed, a sitemap) names none."""
    return send_from_directory(str(current_app.static_folder), "favicon.ico", max_age=86400)


def cache_headers(response: Response) -> Response:
    """Decide how long browsers and proxies may keep a response.

    To override it, a view or blueprint sets Cache-Control itself (staff pages, answers holding
    what a reader typed: `no-store`); that is kept. Otherwise only a 200 (or 304) to GET or HEAD
    is kept, and never one that sets a cookie (see no_cache_with_cookies).
    """
    cacheable = request.method in ("GET", "HEAD") and response.status_code in (200, 304)
    if response.direct_passthrough:
        # A file (static, the favicon): read it into memory (they are small) so Flask-Compress
        # compresses it whole, like a page, and closes the file, which its streaming path leaves.
        response.direct_passthrough = False
        response.make_sequence()
    if request.endpoint == "static" and cacheable and request.args.get("v"):
        response.headers["Cache-Control"] = IMMUTABLE
    elif "Cache-Control" in response.headers:
        pass
    elif not cacheable:
        response.headers["Cache-Control"] = NO_STORE
    else:
        response.headers["Cache-Control"] = PAGE
        response.add_etag()
        response.make_conditional(request)
    return response


def no_cache_with_cookies(sender: Flask, response: Response, **extra: Any) -> None:
    """Take back a cache time from a response that sets a cookie or depends on one.

    Flask saves the session (Set-Cookie, `Vary: Cookie`) after the after_request functions, so
    this runs when the request has finished.
    """
    cookies = "Set-Cookie" in response.headers or "cookie" in response.vary
    if cookies and response.headers.get("Cache-Control") in (PAGE, IMMUTABLE):
        response.headers["Cache-Control"] = NO_STORE


def frozen_urls() -> Iterator[tuple[str, dict[str, str]]]:
    """The favicon, for freeze.py."""
    yield "bandwidth.favicon", {}


def init_app(app: Flask) -> None:
    """Compress responses, set cache headers, serve the favicon."""
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    Compress(app)
    # Registered after Compress, so it runs before it (Flask runs after_request functions in
    # reverse): Flask-Compress then extends the ETag with the encoding and answers 304s.
    app.after_request(cache_headers)
    request_finished.connect(no_cache_with_cookies, app)
    app.register_blueprint(bp)
    app.extensions["bangkit.frozen_urls"].append(frozen_urls)
