"""Pages the same for every reader, served live from their one rendering (render.py).

A WSGI layer in front of Flask. A GET or HEAD without a query string, for a URL whose view is
`same_for_everyone`, is answered from that URL's rendering (made on its first request, then
kept): the bytes freeze.py writes, gzip or brotli as the browser accepts it (compressed once),
a 304 when If-None-Match names its ETag, and the headers Flask's own path sets (http.py:
security, cache, Vary; tests/test_shared.py keeps the two equal). Anything else goes on to Flask.
`X/index.html` is answered as `X/`: the static copy's relative links end so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from flask_compress.flask_compress import _choose_algorithm, _format
from werkzeug.http import HTTP_STATUS_CODES, is_resource_modified

from bangkit.http import PAGE, security
from bangkit.render import STORE, Rendered, rendering_of

INDEX = "index.html"
OK, NOT_MODIFIED = (f"{code} {HTTP_STATUS_CODES[code].upper()}" for code in (200, 304))
# A 304 carries no entity headers (Werkzeug's remove_entity_headers).
ENTITY = {"content-type", "content-length", "content-encoding"}

Headers = list[tuple[str, str]]
StartResponse = Callable[[str, Headers], Any]


class SharedPages:
    """The WSGI layer: kept renderings for GET and HEAD, everything else to `wsgi_app`."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.flask = app
        self.wsgi_app = wsgi_app
        config = app.config
        self.encodings = _format(config["COMPRESS_ALGORITHM"])
        self.compressible = set(config["COMPRESS_MIMETYPES"])
        self.min_size = int(config["COMPRESS_MIN_SIZE"])
        # The 200's headers and the 304's (made once), by what they are made of: the rendering
        # (its ETag and type), the encoding and the scheme. Not by the path asked for: `//jkp/`
        # gets /jkp/'s rendering, and its headers, without keeping another copy.
        self.headers: dict[tuple[str, str, str | None, bool], tuple[Headers, Headers]] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.endswith("/" + INDEX):
            path = environ["PATH_INFO"] = path[: -len(INDEX)]
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD") and not environ.get("QUERY_STRING"):
            found = rendering_of(self.flask, path.encode("latin-1").decode("utf-8", "replace"))
            if found is not None and "HTTP_IF_MATCH" not in environ:
                return self.answer(found, environ, start_response, method == "HEAD")
        return self.wsgi_app(environ, start_response)

    def answer(
        self,
        found: Rendered,
        environ: dict[str, Any],
        start_response: StartResponse,
        head: bool,
    ) -> Iterable[bytes]:
        """The rendering as Flask's path would send it (http.py's headers, Flask-Compress's
        choice of encoding and ETag)."""
        encoding = None
        if found.mimetype in self.compressible and len(found.body) >= self.min_size:
            encoding = _choose_algorithm(self.encodings, environ.get("HTTP_ACCEPT_ENCODING", ""))
        body = found.packed(encoding) if encoding else found.body
        secure = environ.get("wsgi.url_scheme") == "https"
        key = (found.etag, found.content_type, encoding, secure)
        kept = self.headers.get(key)
        if kept is None:
            headers = self.headers_for(found, body, encoding, secure)
            kept = self.headers[key] = headers, [h for h in headers if h[0].lower() not in ENTITY]
        headers, unchanged = kept
        sent = environ.get("HTTP_IF_NONE_MATCH")
        # The ETag sent back as it was given (what browsers do) needs no parsing.
        if sent is not None and (
            sent == headers[0][1] or not is_resource_modified(environ, etag=headers[0][1])
        ):
            start_response(NOT_MODIFIED, unchanged)
            return []
        start_response(OK, headers)
        return [] if head else [body]

    def headers_for(
        self, found: Rendered, body: bytes, encoding: str | None, secure: bool
    ) -> Headers:
        """The response headers, the ETag first."""
        etag = f"{found.etag}:{encoding}" if encoding else found.etag
        headers = [
            ("ETag", f'"{etag}"'),
            ("Content-Type", found.content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", PAGE),
            ("Vary", "Accept-Encoding"),
        ]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        with self.flask.app_context():
            return headers + security(secure)


def init_app(app: Flask) -> None:
    """Put the layer in front of the app (inside the proxies' layer: see create_app)."""
    app.extensions.setdefault(STORE, {})
    app.wsgi_app = SharedPages(app, app.wsgi_app)  # type: ignore[method-assign]
