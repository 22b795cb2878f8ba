"""One URL, two answers: the full page, or for an htmx request just the fragment it swaps."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template, request


def wants_fragment() -> bool:
    """True for a request htmx made to swap part of the page.

    A boosted request or a history restore replaces the whole page, so it gets the page.
    """
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, fragment: str, status: int = 200, **context: Any) -> Response:
    """Render `page`, or `fragment` for an htmx request; either way add `Vary: HX-Request`.

    Both templates get `fragment` (True or False) so a partial can add what only a swap needs,
    such as a <title> that htmx moves into the page.
    """
    partial = wants_fragment()
    html = render_template(fragment if partial else page, fragment=partial, **context)
    response = make_response(html, status)
    response.vary.add("HX-Request")
    return response
