"""One configured Markdown parser: raw HTML off, tables on, ids on headings.

markdown-it-pyrs (markdown-it compiled from Rust) renders about ten times faster than
markdown-it-py, with the same HTML for every construct our pages use (tests/test_markdown.py
renders all the content both ways). It has no hook into its tokens, so the two things the site
adds are done on its HTML, which is safe because raw HTML is off (every tag is the parser's own):
heading ids with mdit_py_plugins' anchors rule, the link mapper on every href, and a
keyboard-reachable scroll region around each table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markdown_it_pyrs import MarkdownIt

_md = MarkdownIt("zero")
# CommonMark without its two raw-HTML rules (html_block, html_inline): a "<" is text, escaped.
# linkify: a bare https:// address written by an editor becomes a link; "skillhub.kemnaker.go.id"
# without a scheme stays text (markdown-it.rs's linkify never guesses one).
_md.enable_many(
    [
        *("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph"),
        *("reference", "autolink", "backticks", "emphasis", "entity", "escape", "image"),
        *("link", "newline", "table", "linkify"),
    ]
)

_HEADING = re.compile(r"<h([234])>(.*?)</h\1>", re.S)  # the levels that get an id
_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r'<a href="([^"]*)"')
_NOT_SLUG = re.compile(r"[^\w\u4e00-\u9fff\- ]")


def _escape(text: str) -> str:
    """Escape as markdown-it does in attributes: &, <, > and " (html.escape also does ')."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def slugify(title: str) -> str:
    """A heading's id, as mdit_py_plugins' anchors plugin makes it (GitHub's style)."""
    return _NOT_SLUG.sub("", title.lower().replace(" ", "-"))


def _add_ids(body: str) -> str:
    """id="..." on every h2 to h4, unique in the page (a repeat gets -1, -2...).

    The title is the heading's text without its tags (the plugin joins the text and code of
    the heading's inline tokens: the same characters, as a line break is no text token).
    """
    seen: set[str] = set()

    def heading(match: re.Match[str]) -> str:
        level, inner = match.groups()
        base = slug = slugify(html.unescape(_TAG.sub("", inner)).replace("\n", ""))
        count = 1
        while slug in seen:
            slug = f"{base}-{count}"
            count += 1
        seen.add(slug)
        return f'<h{level} id="{_escape(slug)}">{inner}</h{level}>'

    return _HEADING.sub(heading, body)


# The name of a table's scroll region when no heading comes before it.
TABLE = {"id": "Tabel", "en": "Table"}
_HEADING_OR_TABLE = re.compile(r'<h[1-6](?: id="([^"]*)")?>|<table>\n|</table>\n')


def wrap_tables(body: str, lang: str) -> str:
    """A table wider than a phone scrolls sideways inside a region that the keyboard can reach
    (tabindex) and a screen reader can name: after the heading above it, else in the page's
    language. Without tabindex, keyboard users could not scroll it (WCAG 2.1.1)."""
    heading: str | None = None

    def each(match: re.Match[str]) -> str:
        nonlocal heading
        tag = match.group(0)
        if tag.startswith("<h"):
            heading = match.group(1)
            return tag
        if tag.startswith("</"):
            return "</table>\n</div>\n"
        name = f'aria-labelledby="{heading}"' if heading else f'aria-label="{TABLE[lang]}"'
        return f'<div class="table-scroll" role="region" tabindex="0" {name}>\n<table>\n'

    return _HEADING_OR_TABLE.sub(each, body)


def render(
    text: str, file: str = "", link: Callable[[str], str] = lambda href: href, lang: str = "id"
) -> str:
    """Render Markdown to HTML.

    `link` maps each link target, so that links to other pages' files become URLs (and a
    link to a page that does not exist fails at load, naming the file). `lang` names what
    has no words of its own (a table with no heading before it).
    """
    body = wrap_tables(_add_ids(_md.render(text)), lang)
    return _HREF.sub(lambda m: '<a href="' + _escape(link(html.unescape(m.group(1)))) + '"', body)
