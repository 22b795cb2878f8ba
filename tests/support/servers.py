"""Real HTTP servers on 127.0.0.1 for browser tests: the live app, and a plain static server."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import HTTPServer, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server


@contextmanager
def _running(server: HTTPServer) -> Iterator[str]:
    """Run a server in a thread until the block ends; yield its base URL (no trailing slash)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_app(app: Flask) -> Iterator[str]:
    """Serve a Flask app on a free port; yield its base URL."""
    with _running(make_server("127.0.0.1", 0, app, threaded=True)) as base:
        yield base


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a folder of static files, as a plain static host would; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with _running(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as base:
        yield base
