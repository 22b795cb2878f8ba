"""Security headers on every live response, and the site's one Content-Security-Policy.

The same policy reaches the static copy as a <meta> tag (base.html) and, for hosts that can
set headers, through site/deploy/_headers and site/deploy/nginx.conf (a test keeps them equal).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from bangkit.guards import origin_of

# Two years, as the HSTS preload list asks; no includeSubDomains: other hosts under the same
# domain may not be ours to commit to HTTPS.
HSTS = "max-age=63072000"


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


def add_headers(response: Response) -> Response:
    """Set the headers on a live response; a view that set its own (staff pages) keeps them."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", site_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # The full address stays on this site; other sites see only the origin, and nothing over
    # plain HTTP. Pages carry no personal data in their URLs, so the origin may go out.
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.is_secure:  # behind a proxy, ProxyFix makes this see the original scheme
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response, and the <meta> policy for templates to use."""
    app.after_request(add_headers)
    app.jinja_env.globals["csp_meta"] = lambda: site_policy(meta=True)
