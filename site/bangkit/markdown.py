"""One configured Markdown parser: raw HTML off, tables on, ids on headings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

_md = (
    # linkify: a bare https:// address written by an editor becomes a link.
    MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": True})
    .enable(["table", "linkify"])
    .use(anchors_plugin, min_level=2, max_level=4)
)
# Only addresses written with https:// become links; "skillhub.kemnaker.go.id" stays text
# rather than becoming a guessed http:// link.
_md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})  # type: ignore[union-attr]

# The name of a table's scroll region when no heading comes before it.
TABLE = {"id": "Tabel", "en": "Table"}


def _table_open(_self: Any, tokens: Sequence[Token], idx: int, _options: Any, env: Any) -> str:
    # A table wider than a phone scrolls sideways inside a region that the keyboard can reach
    # (tabindex) and a screen reader can name: after the heading above it, in the page's
    # language. Without tabindex, keyboard users could not scroll it (WCAG 2.1.1).
    heading = tokens[idx].meta.get("heading")
    name = f'aria-labelledby="{escape(heading)}"' if heading else f'aria-label="{env["label"]}"'
    return f'<div class="table-scroll" role="region" tabindex="0" {name}>\n<table>\n'


def _table_close(_self: Any, _tokens: Sequence[Token], _idx: int, _options: Any, _env: Any) -> str:
    return "</table>\n</div>\n"


_md.add_render_rule("table_open", _table_open)
_md.add_render_rule("table_close", _table_close)


def render(
    text: str, file: str = "", link: Callable[[str], str] = lambda href: href, lang: str = "id"
) -> str:
    """Render Markdown to HTML.

    `link` maps each link target, so that links to other pages' files become URLs (and a
    link to a page that does not exist fails at load, naming the file). `lang` names what
    has no words of its own (a table with no heading before it).
    """
    tokens = _md.parse(text)
    heading = None
    for token in tokens:
        if token.type == "heading_open":
            heading = token.attrGet("id")
        elif token.type == "table_open":
            token.meta["heading"] = heading
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("href", link(str(child.attrGet("href"))))
    return _md.renderer.render(tokens, _md.options, {"label": TABLE[lang]})
