"""What the live service needs in production: a health check, and trust in its own proxy."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from bangkit.db import db

bp = Blueprint("serving", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """200 when the app can reach its database, 503 when it cannot (for the load balancer)."""
    try:
        db.session.execute(text("SELECT 1"))
        status, body = 200, "ok\n"
    except SQLAlchemyError:
        # Say why in the server's log (no personal data in it); the answer stays terse.
        current_app.logger.exception("health check: the database did not answer")
        db.session.rollback()
        status, body = 503, "database unavailable\n"
    return Response(body, status, mimetype="text/plain", headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    """Register the health check (never frozen), and read X-Forwarded-* from PROXIES proxies."""
    if app.config["FREEZING"]:
        return
    app.register_blueprint(bp)
    proxies = int(app.config["PROXIES"])
    if proxies:
        # Only as many hops as are really ours: a client could send these headers itself.
        # Client addresses (for the rate limit) and https (for HSTS and secure cookies) come
        # from the proxy's headers; see README "Deploying".
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
