from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from support.servers import serve_app, serve_folder


def test_the_live_site_and_its_language_switch(page: Page, app) -> None:  # noqa: ANN001
    with serve_app(app) as base:
        page.goto(base + "/pelatihan/las/")
        assert page.locator("h1").inner_text() == "Teknik Las uji"
        page.get_by_role("link", name="English").click()
        # Live pages are the static copy's bytes (one rendering for both, DESIGN.md), whose
        # links end in index.html so the copy works from disk; the live app answers that path
        # as the page's own. Shared links are the clean ones: canonical, og:url, short links.
        page.wait_for_url(base + "/en/training/welding/index.html")
        assert page.locator("h1").inner_text() == "Welding test"
        assert page.locator("html").get_attribute("lang") == "en"


def test_the_static_copy_from_a_sub_folder(page: Page, build: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    (root / "mirror").mkdir(parents=True)
    (root / "mirror" / "bangkit").symlink_to(build)
    with serve_folder(root) as base:
        page.goto(base + "/mirror/bangkit/index.html")
        page.get_by_role("navigation", name="Menu utama").get_by_role("link").nth(1).click()
        assert "/mirror/bangkit/" in page.url
        assert page.locator("h1").count() == 1
        # The stylesheet loaded: the header has its coloured border.
        border = page.locator("header.top").evaluate("e => getComputedStyle(e).borderBottomWidth")
        assert border == "4px"
