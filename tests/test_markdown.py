from __future__ import annotations

import functools
from pathlib import Path

import pytest

from bangkit.content import _link, _split, _url_path
from bangkit.figures import load_figures
from bangkit.markdown import render
from support import markdown_reference as reference
from support.paths import FIXTURE_CONTENT, REAL_CONTENT


def test_raw_html_is_escaped() -> None:
    html = render('<script>alert("x")</script>\n\n<b onclick="x()">hi</b> and <img src=x>')
    assert "<script" not in html and "<b " not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_made_links() -> None:
    html = render("[click](javascript:alert(1))")
    assert "href" not in html


def test_headings_get_ids() -> None:
    html = render("## Siapa yang boleh ikut?\n\n### Rincian\n\n## Siapa yang boleh ikut?")
    assert '<h2 id="siapa-yang-boleh-ikut">' in html
    assert '<h3 id="rincian">' in html
    assert '<h2 id="siapa-yang-boleh-ikut-1">' in html


def test_tables_are_rendered() -> None:
    html = render("| Upah | Manfaat |\n|---|---|\n| Rp4.000.000 | Rp2.400.000 |")
    assert "<table>" in html and "<td>Rp2.400.000</td>" in html


def test_links_pass_through_the_link_mapper() -> None:
    html = render("[a](a.md#x) [b](https://example.org/)", link=lambda h: "MAPPED:" + h)
    assert 'href="MAPPED:a.md#x"' in html and 'href="MAPPED:https://example.org/"' in html


def test_bare_https_addresses_become_links_but_bare_domains_do_not() -> None:
    html = render("Buka https://siapkerja.kemnaker.go.id atau skillhub.kemnaker.go.id.")
    assert '<a href="https://siapkerja.kemnaker.go.id">' in html
    assert "http://skillhub" not in html


# The compiled parser (markdown-it-pyrs) gives the HTML the former one (markdown-it-py with its
# anchors and linkify plugins, tests/support/markdown_reference.py) gave.

TRICKY = [
    "## A *b* `c` [d](e.md) & f\n\n## A *b* `c` [d](e.md) & f\n\n### A b c d & f",
    "Setext\nheading two\n---\n\ntext",
    "## Héllo wörld — 100% ok?\n\n#### x_y-z\n\n##### five\n\n# one",
    "## a  \nb\n\n## &amp; &#123; &copy; \\*x\\*\n\n## ![img](a.png) text\n\n## <b>raw</b> hi",
    "See https://example.org/a?b=1&c=2. And (https://x.example/y) and skillhub.kemnaker.go.id, "
    "www.example.com and a@b.com; http://plain.example, https://a.example/path_(x)",
    "<https://auto.example/x> and <mail@example.org>",
    "[x](a.md?x=1&y=2#frag) [y](../b/c.md) [z](https://e.org/a.md) [w](#local) [v](mailto:a@b.c)",
    "[q](it's.md) [r](a\"b) [s](<a b.md>) [t](a%20b.md) [u](héllo.md) https://x.example/it's",
    "| a | b |\n|:--|--:|\n| `x|y` | **z** |\n",
    "```python\n<script>\n```\n\n    code\n\n> quote\n\n- a\n- b\n\n1. x\n2. y\n\n---\n",
    'Line one\nline two  \nline three\\\nfour\n\n[ref]\n\n[ref]: https://r.example/ "T"',
    '"quotes" -- dashes ... (c) *emph **strong*** ~~strike~~',
    "<div>block</div>\n\n<!-- c -->\n\n[c](javascript:alert(1)) [d](data:text/html,x)",
    "## Siapa yang boleh ikut?\n\n## Siapa yang boleh ikut?\n\n## Siapa yang boleh ikut-1",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_compiled_parser_matches_the_former_one(text: str) -> None:
    for link in (lambda href: href, lambda href: "MAPPED:" + href):
        assert render(text, link=link) == reference.render(text, link=link)


@pytest.mark.parametrize("folder", [REAL_CONTENT, FIXTURE_CONTENT], ids=["content", "fixture"])
def test_every_page_gets_the_html_the_former_parser_gave(folder: Path) -> None:
    figures = load_figures(folder)
    files = sorted(folder.glob("*/**/*.md"))
    by_file = {}
    for file in files:
        lang, *_ = file.relative_to(folder).parts
        by_file[file.relative_to(folder).as_posix()] = (
            lang,
            _url_path(file.relative_to(folder / lang).as_posix()),
        )
    assert len(by_file) > 10
    for name, (lang, _) in by_file.items():
        _, body = _split((folder / name).read_text(encoding="utf-8"), name)
        text = figures.fill(body, lang, name)
        for index_html in (False, True):
            link = functools.partial(_link, name, by_file=by_file, index_html=index_html)
            assert render(text, name, link, lang) == reference.render(text, link, lang), name


def test_a_table_scrolls_in_a_region_the_keyboard_reaches_named_by_the_heading_above() -> None:
    html = render("## Upah dan manfaat\n\nTeks.\n\n| Upah | Manfaat |\n|---|---|\n| a | b |")
    region = '<div class="table-scroll" role="region" tabindex="0"'
    assert f'{region} aria-labelledby="upah-dan-manfaat">\n<table>' in html
    assert html.rstrip().endswith("</table>\n</div>")


def test_a_table_with_no_heading_above_is_named_in_the_pages_language() -> None:
    table = "| Upah | Manfaat |\n|---|---|\n| a | b |"
    assert 'tabindex="0" aria-label="Tabel">' in render(table)
    assert 'tabindex="0" aria-label="Table">' in render(table, lang="en")
