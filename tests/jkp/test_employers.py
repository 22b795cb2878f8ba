"""The page for employers and HR (issue 15): both languages, sourced, and linked from where a
worker or union needs it: home, the unions page and kit, the checker's results, the sitemap."""

from __future__ import annotations

import pytest
from flask import Flask

from support.linkcheck import links_of

EMPLOYERS = {"id": "/jkp/perusahaan/", "en": "/en/jkp/employers/"}
# The checker's results where the employer's side decides the answer.
EMPLOYER_RESULTS = {
    "never-enrolled",
    "few-contributions",
    "pressured-resign",
    "jp-missing",
    "not-reported",
    "arrears-employer-pays",
    "arrears-unknown",
    "closed-arrears-long",
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_page_exists_in_both_languages_with_its_sources(real_app: Flask, lang: str) -> None:
    html = real_app.test_client().get(EMPLOYERS[lang]).get_data(as_text=True)
    assert 'id="sources"' in html and html.count("<li><a href=") >= 20
    unconfirmed = "belum kami pastikan" if lang == "id" else "we have not confirmed"
    assert unconfirmed in html  # the 2021 seven-day report rule, not confirmed after 2025
    assert "Pasal 39" in html or "Articles 39" in html


@pytest.mark.parametrize(("lang", "short"), [("id", "/s/perusahaan/"), ("en", "/en/s/perusahaan/")])
def test_it_has_a_short_link_in_the_unions_kit(real_app: Flask, lang: str, short: str) -> None:
    client = real_app.test_client()
    response = client.get(short)
    assert response.status_code == 301 and response.headers["Location"] == EMPLOYERS[lang]
    page = "/serikat/" if lang == "id" else "/en/unions/"
    unions = client.get(page).get_data(as_text=True)
    assert 'id="kit-perusahaan"' in unions
    assert EMPLOYERS[lang] in links_of(unions, page)  # the kit's link


@pytest.mark.parametrize("lang", ["id", "en"])
def test_home_and_unions_pages_link_to_it(real_app: Flask, lang: str) -> None:
    client = real_app.test_client()
    home, unions = ("/", "/serikat/") if lang == "id" else ("/en/", "/en/unions/")
    target = "jkp/perusahaan/" if lang == "id" else "jkp/employers/"
    # Links between content pages are relative (content/README.md), ending in index.html.
    assert f'href="{target}index.html"' in client.get(home).get_data(as_text=True)
    assert f'href="../{target}index.html"' in client.get(unions).get_data(as_text=True)


def test_the_sitemap_lists_it(real_app: Flask) -> None:
    xml = real_app.test_client().get("/sitemap.xml").get_data(as_text=True)
    assert "/jkp/perusahaan/</loc>" in xml and "/en/jkp/employers/" in xml


def test_results_the_employer_decides_link_to_it(real_app: Flask) -> None:
    rules = real_app.extensions["bangkit.checker"]
    linking = {
        n.name for n in rules.nodes.values() if any(s.page == "jkp-employers" for s in n.next)
    }
    assert linking >= EMPLOYER_RESULTS
    client = real_app.test_client()
    slug = rules.nodes["not-reported"].slug["en"]
    html = client.get(f"/en/jkp/check/{slug}/").get_data(as_text=True)
    assert "/en/jkp/employers/" in links_of(html, f"/en/jkp/check/{slug}/")
