"""HTTP for every response: security headers and the one CSP, cache and compression rules,
trust in our own proxies, /healthz and the favicon.

The same policy reaches the static copy as a <meta> tag (base.html) and, for hosts that can
set headers, through site/deploy/_headers and site/deploy/nginx.conf (a test keeps them equal).
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    make_response,
    request,
    request_finished,
    send_from_directory,
)
from werkzeug.exceptions import PreconditionFailed
from werkzeug.middleware.proxy_fix import ProxyFix

from bangkit.extensions import compress

bp = Blueprint("http", __name__)

# Two years, as the HSTS preload list asks; no includeSubDomains: other hosts under the same
# domain may not be ours to commit to HTTPS.
HSTS = "max-age=63072000"
# A static file asked for with its content hash (?v=, see urls.asset) never changes.
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages change when content is published: kept a few minutes, then the browser asks again,
# and the ETag makes that a tiny 304 when nothing changed.
PAGE = "public, max-age=300"
NO_STORE = "no-store"
COMPRESSION = {
    # Brotli first: the smallest answer for text; gzip for older browsers and proxies.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 5,
    # Conditional requests are answered once, by conditional() below, for every response.
    "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
}
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as browsers write the Origin header; '' if malformed."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname or ""
    if not parts.scheme or not host:
        return ""
    host = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    return f"{parts.scheme.lower()}://{host}"


@functools.cache  # the same few strings, asked for on every response
def content_security_policy(
    service_url: str | None = None, *, meta: bool = False, site_url: str | None = None
) -> str:
    """The policy: our own files only, no inline script or style, forms to us (and the service).

    `meta`: the form for a <meta> tag, which may not carry frame-ancestors. `site_url`: the
    site's public address, also allowed: a static copy's 404 pages load its files from there,
    wherever the copy is hosted.
    """
    own = " ".join(["'self'", origin_of(site_url or "")]).strip()
    form_action = " ".join(["'self'", origin_of(service_url or "")]).strip()
    directives = [
        f"default-src {own}",
        f"script-src {own}",
        f"style-src {own}",
        f"img-src {own} data:",
        "object-src 'none'",
        "base-uri 'none'",
        *([] if meta else ["frame-ancestors 'none'"]),
        f"form-action {form_action}",
    ]
    return "; ".join(directives)


def site_policy(*, meta: bool = False) -> str:
    """The policy for this app's configuration: its enrolment service; for <meta>, its address."""
    config = current_app.config
    site_url = config["SITE_URL"] if meta else None
    return content_security_policy(config.get("ENROL_SERVICE_URL"), meta=meta, site_url=site_url)


def csp_meta() -> str:
    """The policy as the static copy's <meta> tag carries it."""
    return site_policy(meta=True)


def security(secure: bool) -> list[tuple[str, str]]:
    """The security headers of every live answer (`secure`: it goes over HTTPS)."""
    headers = [
        ("Content-Security-Policy", site_policy()),
        ("X-Content-Type-Options", "nosniff"),
        # The full address stays on this site; other sites see only the origin, and nothing
        # over plain HTTP. Pages carry no personal data in their URLs, so the origin may go out.
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]
    if secure:
        headers.append(("Strict-Transport-Security", HSTS))
    return headers


def security_headers(response: Response) -> Response:
    """Set the headers on a live response; a view that set its own (staff pages) keeps them."""
    # Behind a proxy, ProxyFix makes is_secure see the original scheme. The names set are read
    # once (Headers.setdefault looks each one up twice, raising a KeyError when it is missing).
    present = {name.lower() for name, _ in response.headers}
    for name, value in security(request.is_secure):
        if name.lower() not in present:
            response.headers.add(name, value)
    return response


def cache_headers(response: Response) -> Response:
    """Decide how long browsers and proxies may keep a response, and give a page its ETag.

    To override it, a view or blueprint sets Cache-Control itself (staff pages, answers holding
    what a reader typed: `no-store`); that is kept. Otherwise only a 200 (or 304) to GET or HEAD
    is kept, and never one that sets a cookie (see no_cache_with_cookies), nor an error (see
    conditional).
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
    return response


def conditional(response: Response) -> Response:
    """Answer a conditional GET or HEAD, after compression: against the ETag sent, which names
    the encoding. If-None-Match naming it: 304; If-Match naming none of it: 412.

    Then an error (that 412, or any other) is never kept: a shared cache would serve it to all.
    """
    etag, _ = response.get_etag()
    if response.status_code == 200 and etag and request.method in ("GET", "HEAD"):
        environ = request.environ
        if request.if_match:
            # ETags.contains compares strongly, as If-Match asks, and `*` matches any ETag.
            # Werkzeug's make_conditional takes `*` for a mismatch, so it never sees If-Match.
            if not request.if_match.contains(etag):  # the site's own error page (error_pages)
                response.close()  # a file's, which the 412 does not send
                response = make_response(current_app.handle_http_exception(PreconditionFailed()))
            environ = {k: v for k, v in environ.items() if k != "HTTP_IF_MATCH"}
        if response.status_code == 200:
            response.make_conditional(environ)
    if response.status_code >= 400:
        response.headers["Cache-Control"] = NO_STORE
    return response


def no_cache_with_cookies(sender: Flask, response: Response, **extra: Any) -> None:
    """Take back a cache time from a response that sets a cookie or depends on one.

    Flask saves the session (Set-Cookie, `Vary: Cookie`) after the after_request functions, so
    this runs when the request has finished.
    """
    if response.headers.get("Cache-Control") not in (PAGE, IMMUTABLE):
        return  # nothing to take back (and Vary is not parsed for it)
    if "Set-Cookie" in response.headers or "cookie" in response.vary:
        response.headers["Cache-Control"] = NO_STORE


def send_static(filename: str, max_age: int | None = None) -> Response:
    """A file of static/, with its ETag, answered unconditionally: conditional() answers
    If-Match and If-None-Match after compression, against the ETag sent (which names the
    encoding), as for pages. send_file's own check ran first, against the plain file's ETag, and
    took `If-Match: *` for a mismatch: a 412 with the whole file, or a 304 with another ETag."""
    if max_age is None:
        max_age = current_app.get_send_file_max_age(filename)
    folder = str(current_app.static_folder)
    return send_from_directory(folder, filename, max_age=max_age, conditional=False)


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for at the root when a page (or a feed, a sitemap) names none."""
    return send_static("favicon.ico", max_age=86400)


def healthz() -> Response:
    """200 when the app can reach its database, 503 when it cannot (for the load balancer)."""
    from sqlalchemy import text  # here: a freeze, which has no /healthz, never imports them
    from sqlalchemy.exc import SQLAlchemyError

    from bangkit.database import db

    try:
        db.session.execute(text("SELECT 1"))
        status, body = 200, "ok\n"
    except SQLAlchemyError:
        # Say why in the server's log (no personal data in it); the answer stays terse.
        current_app.logger.exception("health check: the database did not answer")
        db.session.rollback()
        status, body = 503, "database unavailable\n"
    return Response(body, status, mimetype="text/plain", headers={"Cache-Control": "no-store"})


def frozen_urls() -> list[tuple[str, dict[str, str]]]:
    """The favicon, for freeze.py."""
    return [("http.favicon", {})]


def init_app(app: Flask) -> None:
    """Headers on every response, compression, the favicon and /healthz."""
    # Flask runs after_request functions in reverse: cache_headers first (the ETag of the
    # body), then Flask-Compress (which extends it with the encoding), then conditional (which
    # compares what the client sent with that ETag), then the security headers on any answer.
    app.after_request(security_headers)
    app.after_request(conditional)
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    app.after_request(cache_headers)
    request_finished.connect(no_cache_with_cookies, app)
    app.register_blueprint(bp)
    if "static" in app.view_functions:
        app.view_functions["static"] = send_static  # Flask's, without its own conditional answer
    if not app.config["FREEZING"]:  # no /healthz in the static copy
        app.add_url_rule("/healthz", view_func=healthz)


def trust_proxies(app: Flask) -> None:
    """Trust PROXIES proxies in front of the app: the outermost WSGI layer (see create_app)."""
    proxies = int(app.config["PROXIES"])
    if app.config["FREEZING"]:
        return  # no proxy in front of a freeze
    if proxies:
        # Only as many hops as are really ours: a client could send these headers itself.
        # Client addresses (for the rate limit) and https (for HSTS and secure cookies) come
        # from the proxy's headers; see README "Deploying".
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
