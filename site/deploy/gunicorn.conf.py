"""gunicorn settings for the live service: `gunicorn -c site/deploy/gunicorn.conf.py`.

Meant to run behind nginx (site/deploy/nginx.conf) on the same machine. Environment variables
change the machine-specific parts: BANGKIT_BIND, WEB_CONCURRENCY, and the app's own settings
(DATABASE_URL, BANGKIT_SITE_URL, ...: README "Configuration").
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Any
from urllib.parse import quote

from gunicorn.glogging import Logger

wsgi_app = "bangkit:create_app()"

# Only nginx on this machine talks to gunicorn; it adds X-Forwarded-For and -Proto, which the
# app trusts from exactly one proxy (a client's own copies of those headers are ignored).
bind = os.environ.get("BANGKIT_BIND", "127.0.0.1:8000")
os.environ.setdefault("BANGKIT_PROXIES", "1")

# Synchronous workers: nginx buffers slow clients, so a worker is busy only while it renders.
# Each keeps the content in memory (a few MB). With SQLite, several workers share one file
# safely (WAL, a busy timeout: bangkit.db). Several workers count rate limits together only
# in a shared store (BANGKIT_RATELIMIT_STORAGE_URI=redis://…): see post_worker_init.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 20
# A fresh worker now and then, so that a slow leak can never grow for weeks.
max_requests = 2000
max_requests_jitter = 200

# One line per request, without personal data: no client address, no query string, no
# referrer or user agent. %(U)s is the path alone; %(M)s the time taken in milliseconds.
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
errorlog = "-"
loglevel = "info"


class EscapedPaths(Logger):
    """The path as it came on the wire (%-escaped), so that a %0A in it cannot forge a line."""

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO", "").encode("latin-1", "replace")  # gunicorn's decoding
        atoms["U"] = quote(path, safe="/-._~!$&'()*+,;=:@")
        return atoms


logger_class = EscapedPaths


def post_worker_init(worker: Any) -> None:
    """Before a worker serves anything: with several workers, rate limits counted in each
    worker's memory would let a client send that many times the limit, so stop the server
    (gunicorn halts when a worker exits with 3, "Worker failed to boot"), naming the setting."""
    from bangkit.ratelimit import check_shared_limits

    try:
        check_shared_limits(worker.wsgi, worker.cfg.workers)
    except RuntimeError as error:
        worker.log.error("%s", error)
        sys.exit(3)  # gunicorn's WORKER_BOOT_ERROR
