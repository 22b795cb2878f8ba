"""For unions: the kit of links, QR codes and texts on the unions page, and the flyers."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask

from support.linkcheck import links_of

SITE = "http://127.0.0.1:5000"


def test_the_unions_page_has_the_kit_for_every_short_link(real_app: Flask) -> None:
    client = real_app.test_client()
    site = real_app.extensions["bangkit.site"]
    links = real_app.extensions["bangkit.links"]
    shown = [c for c, t in links.short.items() if t.view or links.code_of[t.key] == c]
    assert len(shown) >= 17  # the JKP pages, the training pages, the unions page, the tools
    for lang, url, prefix in (("id", "/serikat/", ""), ("en", "/en/unions/", "/en")):
        html = client.get(url).get_data(as_text=True)
        assert html.count('<section class="kit" ') == len(shown)
        for code in shown:
            target = links.short[code]
            page = site.by_key[(lang, target.key)] if target.key else None
            title, description = (
                (page.title, page.description) if page else (target.titles[lang], "")
            )
            short = f"{SITE}{prefix}/s/{code}/"
            start = html.index(f'<section class="kit" id="kit-{code}"')
            section = html[start : html.index("</section>", start)]
            assert {f"{prefix}/s/{code}/qr.svg", f"{prefix}/s/{code}/qr.png"} <= links_of(
                section, url
            )
            assert f'qr.png" download="qr-{code}.png"' in section
            texts = re.findall(r"<textarea[^>]*>(.*?)</textarea>", section, re.S)
            whatsapp, email, markdown = (unescape(t) for t in texts)
            assert whatsapp == "\n".join(t for t in (f"*{title}*", description, short) if t)
            assert email.startswith(f'<p><a href="{short}">') and unescape(title) in unescape(email)
            assert markdown.startswith("[") and f"]({short})" in markdown
            has_flyer = any(
                "unions/flyer/" in link or "serikat/selebaran/" in link
                for link in links_of(section, url)
            )
            flyer = page is not None and (page.layout == "workshop" or page.key == "jkp")
            assert has_flyer == flyer, code


def test_the_unions_page_explains_referral_codes(real_app: Flask) -> None:
    html = real_app.test_client().get("/serikat/").get_data(as_text=True)
    assert "?ref=" in html and "Tautan pendek" in html


def test_each_workshop_has_a_one_page_flyer(real_app: Flask) -> None:
    client = real_app.test_client()
    html = client.get("/serikat/selebaran/las/").get_data(as_text=True)
    assert "<h1>Teknik Las</h1>" in html
    assert '<strong class="url">http://127.0.0.1:5000/s/las/</strong>' in html
    assert "/s/las/qr.svg" in links_of(html, "/serikat/selebaran/las/")
    assert "/static/flyer.css?v=" in html
    assert "Pelatihan gratis di BBPVP Bekasi" in html and f"{SITE}/s/jkp/" in html
    english = client.get("/en/unions/flyer/las/").get_data(as_text=True)
    assert "<h1>Welding</h1>" in english and f"{SITE}/en/s/las/" in english
    for missing in ("/serikat/selebaran/syarat/", "/serikat/selebaran/nope/"):
        assert client.get(missing).status_code == 404
