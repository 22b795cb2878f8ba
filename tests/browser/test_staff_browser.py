"""A staff member, on a phone, in Chromium: signs in, finds, follows up, exports, signs out."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from bangkit.clock import WIB
from support.axe import violations
from support.enrolments import add_enrolment
from support.servers import serve_app

PASSWORD = "nasi uduk sebelum kerja"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def yesterday_at(hour: int) -> dt.datetime:
    """Yesterday in Bekasi (WIB), at `hour` o'clock, as a UTC time."""
    day = dt.datetime.now(WIB).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=WIB).astimezone(dt.UTC)


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(**PHONE, accept_downloads=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def staff_app(app: Flask) -> Flask:
    """The app with one account made as the README says, and four enrolments."""
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    result = app.test_cli_runner().invoke(args=["staff", "create", "dewi"], input=typed)
    assert result.exit_code == 0, result.output
    add_enrolment(
        app, full_name="Siti Nur'aini", created_at=yesterday_at(9), phone="+6281234567890"
    )
    add_enrolment(app, full_name="Budi Santoso", created_at=yesterday_at(20))
    add_enrolment(app, full_name="Lama Sekali", created_at=yesterday_at(9) - dt.timedelta(days=3))
    add_enrolment(app, full_name="Ani TIK", workshop="tik", created_at=yesterday_at(10))
    return app


def test_a_staff_member_follows_up_yesterdays_welding_enrolments_on_a_phone(
    staff_app: Flask, phone: BrowserContext
) -> None:
    page = phone.new_page()
    refused: list[str] = []  # anything the strict CSP blocked
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    yesterday = (dt.datetime.now(WIB).date() - dt.timedelta(days=1)).isoformat()
    with serve_app(staff_app) as base:
        page.goto(base + "/staf/")
        expect(page).to_have_url(base + "/staf/masuk/?next=/staf/")
        page.get_by_label("Nama", exact=True).fill("dewi")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", name="Pendaftaran", level=1)).to_be_visible()

        # Find yesterday's enrolments for Teknik Las.
        page.get_by_text("Filter lain").click()
        page.get_by_label("Kejuruan").select_option(label="Teknik Las uji")
        page.get_by_label("Dari (tanggal daftar)").fill(yesterday)
        page.get_by_label("Sampai (tanggal daftar)").fill(yesterday)
        page.get_by_role("button", name="Tampilkan pendaftaran").click()
        expect(page.locator(".found")).to_contain_text("2 ditemukan.")
        cards = page.locator(".enrolments h2")
        expect(cards).to_have_text(["Budi Santoso", "Siti Nur'aini"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # fits the phone

        # Mark one contacted, with a note.
        page.get_by_role("link", name="Siti Nur'aini").click()
        expect(page.get_by_role("link", name="Telepon 0812-3456-7890")).to_be_visible()
        page.get_by_label("Sudah dihubungi").check()
        page.get_by_label("Catatan (tidak wajib)").fill("Sudah ditelepon, datang hari Senin.")
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_role("status")).to_have_text("Tersimpan.")
        history = page.locator(".history li")
        expect(history).to_have_count(1)
        expect(history).to_contain_text("dewi")
        expect(history).to_contain_text("Baru → Sudah dihubungi")
        expect(history).to_contain_text("Sudah ditelepon, datang hari Senin.")

        # Back to the same list, and export it.
        page.get_by_role("link", name="Kembali ke daftar").click()
        expect(cards).to_have_count(2)
        with page.expect_download() as download:
            page.get_by_role("link", name="Unduh daftar ini sebagai CSV").click()
        saved = download.value
        assert saved.suggested_filename.startswith("enrolments-")
        text = Path(saved.path()).read_text(encoding="utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert [(r["full_name"], r["workshop"], r["status"]) for r in rows] == [
            ("Budi Santoso", "las", "new"),
            ("Siti Nur'aini", "las", "contacted"),
        ]

        # Sign out: the pages are closed again.
        page.get_by_role("button", name="Keluar").click()
        expect(page.get_by_role("status")).to_have_text("Anda sudah keluar.")
        page.goto(base + "/staf/")
        expect(page).to_have_url(base + "/staf/masuk/?next=/staf/")
    assert refused == []


def test_staff_pages_have_no_accessibility_violation(staff_app: Flask, browser: Browser) -> None:
    # bypass_csp: axe-core is injected as an inline script, which the staff CSP forbids.
    context = browser.new_context(bypass_csp=True, **PHONE)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    with serve_app(staff_app) as base:
        page.goto(base + "/en/staff/login/")
        page.get_by_role("button", name="Sign in").click()  # empty: the errors
        expect(page.locator(".error-summary")).to_be_focused()
        found["login with errors"] = violations(page)
        page.get_by_label("Name", exact=True).fill("dewi")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        for path in ("/staf/", "/en/staff/", "/staf/angka/", "/en/staff/counts/"):
            page.goto(base + path)
            found[path] = violations(page)
        page.goto(base + "/staf/")
        page.locator(".enrolments a").first.click()
        found["detail"] = violations(page)
        page.get_by_role("button", name="Simpan").click()  # nothing to record: the errors
        found["detail with errors"] = violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
