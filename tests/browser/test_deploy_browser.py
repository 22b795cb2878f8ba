"""The enrolment, in Chromium, through the production setup: nginx in front of gunicorn."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from support.deploy import environment, gunicorn, nginx, query, upgrade
from support.enrol_form import enrol_with_htmx

# SQLite only (the default): tests/test_concurrency.py runs gunicorn on PostgreSQL too.


def test_from_a_static_page_to_the_confirmation_through_nginx(
    page: Page, fixture_build: Path, db_url: str, redis_url: str, tmp_path: Path
) -> None:
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    env = environment(db_url, tmp_path, RATELIMIT_STORAGE_URI=redis_url)
    upgrade(env)
    with gunicorn(env, tmp_path) as app, nginx(tmp_path / "nginx", fixture_build, app.base) as base:
        page.goto(base + "/pelatihan/las/index.html")  # a file of the static copy
        page.locator("main a[href*='daftar/las/']").first.click()  # to the live form
        page.wait_for_url(base + "/daftar/las/index.html")
        reference = enrol_with_htmx(page, base)

    assert query(db_url, "SELECT reference, phone FROM enrolment") == [
        (reference, "+6281234567890")
    ]
    assert blocked == []  # no script, style or request the policy had to stop
