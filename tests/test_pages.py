from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.content import url_of
from bangkit.pages import SITEMAP_ENDPOINTS
from support.linkcheck import links_of


def test_every_real_page_answers_in_both_languages(real_app: Flask) -> None:
    client = real_app.test_client()
    site = real_app.extensions["bangkit.site"]
    for page in site.pages.values():
        response = client.get(url_of(page.lang, page.path))
        assert response.status_code == 200, url_of(page.lang, page.path)
        html = response.get_data(as_text=True)
        assert f'<html lang="{page.lang}">' in html
        # Its counterpart is linked with hreflang, in the head and in the language switch.
        other = site.counterpart(page, "en" if page.lang == "id" else "id")
        href = url_of(other.lang, other.path)
        assert (
            f'<link rel="alternate" hreflang="{other.lang}" href="http://127.0.0.1:5000{href}">'
            in html
        )
        switch = re.search(r'class="lang" href="([^"]+)" hreflang="(\w+)"', html)
        assert switch and switch[2] == other.lang
        assert links_of(f'<a href="{switch[1]}">', url_of(page.lang, page.path)) == {href}
        assert (
            '<link rel="canonical" href="http://127.0.0.1:5000' + url_of(page.lang, page.path)
            in html
        )
        assert re.search(r'<meta name="description" content="[^"]+">', html)
        assert "<title>" + page.title in html.replace("&#39;", "'").replace("&amp;", "&")


def test_content_pages_show_last_checked_and_sources(client: FlaskClient) -> None:
    html = client.get("/jkp/").get_data(as_text=True)
    assert (
        "Terakhir diperiksa:" in html
        and '<time datetime="2026-11-28">28 November 2026</time>' in html
    )
    assert '<a href="https://example.org/s">Sumber</a>' in html
    assert "PP 6/2025" in html


def test_english_pages_use_english_ui_strings(client: FlaskClient) -> None:
    html = client.get("/en/jkp/").get_data(as_text=True)
    assert "Last checked:" in html and "Terakhir diperiksa" not in html


def test_workshop_page_lists_its_confirmed_programmes(client: FlaskClient) -> None:
    html = client.get("/pelatihan/las/").get_data(as_text=True)
    assert "<strong>SMAW</strong>: contoh" in html
    english = client.get("/en/training/welding/").get_data(as_text=True)
    assert "No programme in this workshop is confirmed" in english


def test_section_lists_its_pages_and_news_index_lists_items(client: FlaskClient) -> None:
    section = client.get("/pelatihan/").get_data(as_text=True)
    assert "/pelatihan/las/" in links_of(section, "/pelatihan/")
    news = client.get("/en/news/").get_data(as_text=True)
    assert "/en/news/visit/" in links_of(news, "/en/news/") and "8 November 2021" in news


def test_raw_html_in_content_is_escaped_on_the_page(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


@pytest.mark.parametrize(
    ("url", "lang", "text"),
    [
        ("/tidak-ada/", "id", "Halaman tidak ditemukan"),
        ("/en/missing/", "en", "Page not found"),
        ("/en/", "en", None),
        ("/jkp/x/y/", "id", "Halaman tidak ditemukan"),
    ],
)
def test_unknown_urls_answer_404_in_the_right_language(
    client: FlaskClient, url: str, lang: str, text: str | None
) -> None:
    response = client.get(url)
    if text is None:
        assert response.status_code == 200
        return
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html and text in html


def test_sitemap_lists_every_page_with_alternates(client: FlaskClient, app: Flask) -> None:
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    extra = 2 * len(SITEMAP_ENDPOINTS)  # the tools, in both languages
    assert xml.count("<url>") == len(app.extensions["bangkit.site"].pages) + extra
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="http://127.0.0.1:5000/en/training/welding/"/>'
        in xml
    )


def test_robots_points_to_the_sitemap(client: FlaskClient) -> None:
    assert "Sitemap: http://127.0.0.1:5000/sitemap.xml" in client.get("/robots.txt").get_data(
        as_text=True
    )


def test_site_url_setting_changes_absolute_links(app: Flask) -> None:
    app.config["SITE_URL"] = "https://bangkit.example.org/"
    html = app.test_client().get("/en/").get_data(as_text=True)
    assert '<link rel="canonical" href="https://bangkit.example.org/en/">' in html


def test_sitemap_lists_the_jkp_tools_in_both_languages(real_app: Flask) -> None:
    xml = real_app.test_client().get("/sitemap.xml").get_data(as_text=True)
    for path in ("/jkp/cek/", "/en/jkp/check/", "/jkp/hitung/", "/en/jkp/calculate/"):
        assert f"<loc>http://127.0.0.1:5000{path}</loc>" in xml
