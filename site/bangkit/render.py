"""The one rendering of a page that is the same for every reader: its bytes, ETag and compressed
bodies. freeze.py writes them; the live app serves them for the same URL (bangkit.shared).

A rendering is the static copy's: links are relative and end in index.html, so the bytes work
from any folder and from disk, and live too (the live app answers `X/index.html` as `X/`).
`frozen()` (config.py) is true while one is made. Views whose answer depends only on the URL are
marked `same_for_everyone`; the others are rendered per request live, and once for the copy.
"""

from __future__ import annotations

import contextvars
import functools
import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import brotli
from flask import Flask, Response, current_app, request
from flask.ctx import RequestContext
from flask.sessions import NullSession
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.test import EnvironBuilder

from bangkit.config import StaticRendering, frozen, start_static_rendering
from bangkit.content import bodies_read

# Brotli 5: on the 4,000-page bench corpus 28.8% of the bytes against quality 10's 27.2% (and
# gzip -9's 30.8%), at about 2 ms a page against 12 to 20 ms; a build compresses every page.
BROTLI_QUALITY = 5
GZIP_LEVEL = 9  # as `gzip -9n`: the level the weight budgets are measured at
SAME_FOR_EVERYONE = "same_for_everyone"  # the attribute that marks such a view
STORE = "bangkit.renderings"  # app.extensions: URL path -> Rendered, kept by the live app
URLS = "bangkit.urls"  # app.extensions: url_for's answers in static renderings


@dataclass
class Rendered:
    """A rendered URL: its bytes and content type; its ETag and compressed bodies when asked."""

    body: bytes
    content_type: str
    mimetype: str
    reads: frozenset[str] = frozenset()  # the content files whose Markdown body went in
    _packed: dict[str, bytes] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def etag(self) -> str:
        """The ETag Werkzeug's add_etag gives these bytes (SHA-1), unquoted."""
        return hashlib.sha1(self.body).hexdigest()

    def packed(self, encoding: str) -> bytes:
        """The body compressed as `gzip` (level 9, no time stamp) or `br` (quality 5)."""
        if encoding not in self._packed:
            self._packed[encoding] = compress(self.body, encoding)
        return self._packed[encoding]


def compress(data: bytes, encoding: str) -> bytes:
    """gzip or brotli, the same bytes on every run (mtime 0)."""
    if encoding == "gzip":
        return gzip.compress(data, GZIP_LEVEL, mtime=0)
    return brotli.compress(data, quality=BROTLI_QUALITY, lgwin=brotli_window(len(data)))


def brotli_window(size: int) -> int:
    """The smallest window (lgwin, 10 to 24 bits) that holds `size` bytes. Brotli's default,
    4 MiB, loses nothing on a 10 KB page but costs the encoder its hash tables for a window
    that size on every page, and a reader's browser a buffer that size to decode it."""
    return max(10, min(24, (size - 1).bit_length()))


def same_for_everyone(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose answer to GET depends only on its URL: it is rendered once.

    Live, a GET without a query string gets the one rendering (bangkit.shared usually answers
    before Flask does; this is the same answer when it does not). With a query string
    (`?ref=`) the view renders for that request.
    """

    @functools.wraps(view)
    def once(**values: Any) -> Any:
        if frozen() or request.query_string or request.method not in ("GET", "HEAD"):
            return view(**values)
        found = rendering_of(current_app._get_current_object(), request.path)  # type: ignore[attr-defined]
        if found is None:
            return view(**values)
        return Response(found.body, content_type=found.content_type)

    setattr(once, SAME_FOR_EVERYONE, True)
    return once


@functools.cache
def _environ_template(server: str) -> tuple[tuple[str, Any], ...]:
    return tuple(EnvironBuilder(base_url=server).get_environ().items())


def render(app: Flask, path: str) -> Rendered:
    """GET `path` from `app` as the static copy has it: 200 or an HTTPException.

    Each rendering runs in a context of its own (its own `g`, Flask-Babel's locale), whatever
    context the caller is in, as a request would. No before- or after-request function runs:
    no headers, compression or cookies go into the bytes.
    """
    return contextvars.Context().run(_render, app, path)


def rendering_of(app: Flask, path: str) -> Rendered | None:
    """The kept rendering of `path`'s page, made now if needed; None unless its view is the same
    for everyone and answers 200.

    Renderings are kept under the page's own URL, built from the endpoint and arguments the path
    matches, so other spellings of it (`//jkp/`: Werkzeug matches it as `/jkp/`) share its one
    rendering: whatever paths are asked for, the store holds at most one entry per page.
    """
    store: dict[str, Rendered] = app.extensions.setdefault(STORE, {})
    found = store.get(path)
    if found is not None:
        return found
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, values = adapter.match(path, "GET")
    except (HTTPException, RequestRedirect):
        return None  # a 404, or the path without its slash: Flask answers
    if not getattr(app.view_functions[endpoint], SAME_FOR_EVERYONE, False):
        return None
    canonical = unquote(adapter.build(endpoint, values))
    found = store.get(canonical)
    if found is None:
        try:
            found = store[canonical] = render(app, canonical)
        except HTTPException:
            return None  # the view's own 404 (an unknown page under a known prefix)
    return found


def _render(app: Flask, path: str) -> Rendered:
    environ = dict(_environ_template("http://localhost/"))
    environ["PATH_INFO"] = path.encode("utf-8").decode("latin-1")
    # No session: a rendering is the same for everyone, so it has no cookie to read, and one
    # that wrote to the session would fail (NullSession) rather than keep one reader's data.
    with RequestContext(app, environ, session=NullSession()), bodies_read() as reads:
        # config.frozen(): relative links, the static copy's forms. url_for's answers are kept
        # per app: every static rendering has the same host and no script root.
        start_static_rendering(StaticRendering(path, urls=app.extensions.setdefault(URLS, {})))
        if request.routing_exception is not None:
            raise request.routing_exception  # 404, or a redirect to the URL with a slash
        response = app.make_response(app.dispatch_request())
        if response.status_code != 200:
            raise HTTPException(f"{path}: status {response.status}", response=response)
        if response.direct_passthrough:  # a file (send_file): read it whole
            response.direct_passthrough = False
        body = response.get_data()
        response.close()
    return Rendered(body, response.content_type or "", response.mimetype or "", frozenset(reads))
