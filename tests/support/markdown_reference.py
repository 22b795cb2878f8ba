"""The site's former Markdown parser (markdown-it-py with mdit_py_plugins' anchors and
linkify-it-py), kept as the reference the compiled parser in bangkit.markdown must match."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from bangkit.markdown import wrap_tables

_md = (
    MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": True})
    .enable(["table", "linkify"])
    .use(anchors_plugin, min_level=2, max_level=4)
)
_md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})  # type: ignore[union-attr]


def render(text: str, link: Callable[[str], str] = lambda href: href, lang: str = "id") -> str:
    """Render Markdown as bangkit.markdown did before markdown-it-pyrs (the tables' scroll
    region is added to both the same way)."""
    tokens = _md.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("href", link(str(child.attrGet("href"))))
    return wrap_tables(_md.renderer.render(tokens, _md.options, {}), lang)
