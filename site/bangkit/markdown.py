"""One configured Markdown parser: raw HTML off, tables on, ids on headings."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
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


def render(text: str, file: str = "", link: Callable[[str], str] = lambda href: href) -> str:
    """Render Markdown to HTML.

    `link` maps each link target, so that links to other pages' files become URLs (and a
    link to a page that does not exist fails at load, naming the file).
    """
    tokens = _md.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("href", link(str(child.attrGet("href"))))
    return _md.renderer.render(tokens, _md.options, {})
