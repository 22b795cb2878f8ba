from __future__ import annotations

from bangkit.markdown import render


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


def test_a_table_scrolls_in_a_region_the_keyboard_reaches_named_by_the_heading_above() -> None:
    html = render("## Upah dan manfaat\n\nTeks.\n\n| Upah | Manfaat |\n|---|---|\n| a | b |")
    region = '<div class="table-scroll" role="region" tabindex="0"'
    assert f'{region} aria-labelledby="upah-dan-manfaat">\n<table>' in html
    assert html.rstrip().endswith("</table>\n</div>")


def test_a_table_with_no_heading_above_is_named_in_the_pages_language() -> None:
    table = "| Upah | Manfaat |\n|---|---|\n| a | b |"
    assert 'tabindex="0" aria-label="Tabel">' in render(table)
    assert 'tabindex="0" aria-label="Table">' in render(table, lang="en")
