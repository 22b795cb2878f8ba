"""A staff member, on a phone, in Chromium: signs in, finds, follows up, exports, signs out."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bangkit.clock import WIB
from bangkit.database import db
from bangkit.staff.models import StaffUser
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

        # Siti's row: her number to call, and WhatsApp with a greeting in her language.
        siti = page.locator(".enrolments li", has=page.get_by_role("link", name="Siti Nur'aini"))
        expect(siti.locator(".meta")).to_contain_text("0812-3456-7890")
        call = siti.get_by_role("link", name="Telepon", exact=True)
        expect(call).to_have_attribute("href", "tel:+6281234567890")
        whatsapp = urlsplit(siti.get_by_role("link", name="WhatsApp").get_attribute("href") or "")
        assert (whatsapp.netloc, whatsapp.path) == ("wa.me", "/6281234567890")
        greeting = parse_qs(whatsapp.query)["text"][0]
        assert greeting.startswith("Halo Bapak/Ibu") and "Teknik Las uji" in greeting
        boxes = [t.bounding_box() for t in (call, siti.get_by_role("link", name="WhatsApp"))]
        for box in boxes:
            assert box and box["height"] >= 44 and box["x"] + box["width"] <= 360  # for a thumb
        assert boxes[0] and boxes[1] and boxes[0]["y"] == boxes[1]["y"]  # side by side

        # Budi: marked contacted from the list in one tap; htmx swaps his row, nothing else.
        page.evaluate("window.stayed = true")
        budi = page.locator(".enrolments li", has=page.get_by_role("link", name="Budi Santoso"))
        budi.get_by_role("button", name="Tandai sudah dihubungi").click()
        expect(budi.locator(".status")).to_have_text("Sudah dihubungi")
        done = budi.locator(".done")
        expect(done).to_have_text("Ditandai sudah dihubungi oleh dewi.")
        expect(done).to_be_focused()  # where the button was, for a keyboard or screen reader
        expect(budi.get_by_role("button")).to_have_count(0)
        assert page.evaluate("window.stayed") is True  # the page was not loaded again
        expect(cards).to_have_count(2)

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
            ("Budi Santoso", "las", "contacted"),
            ("Siti Nur'aini", "las", "contacted"),
        ]
        assert rows[1]["phone"] == "0812-3456-7890"  # as dialled, no apostrophe

        # Sign out: the pages are closed again.
        page.get_by_role("button", name="Keluar").click()
        expect(page.get_by_role("status")).to_have_text("Anda sudah keluar.")
        page.goto(base + "/staf/")
        expect(page).to_have_url(base + "/staf/masuk/?next=/staf/")
    assert refused == []


def sign_in(page: Page, base: str, path: str = "/staf/") -> None:
    page.goto(base + path)
    page.get_by_label("Nama", exact=True).fill("dewi")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_session_cookie_never_reaches_a_public_page(
    staff_app: Flask, phone: BrowserContext
) -> None:
    page = phone.new_page()
    sent: dict[str, str | None] = {}
    page.on("request", lambda r: sent.update({r.url: r.all_headers().get("cookie")}))
    with serve_app(staff_app) as base:
        sign_in(page, base)
        assert sorted(c["path"] for c in phone.cookies()) == ["/en/staff/", "/staf/"]
        sent.clear()
        for path in ("/", "/jkp/", "/en/", "/daftar/las/"):
            page.goto(base + path)
        assert {base + p for p in ("/", "/jkp/", "/en/", "/daftar/las/")} < set(sent)
        assert any("/static/" in url for url in sent)  # their styles, icons and scripts too
        assert {url: cookie for url, cookie in sent.items() if cookie} == {}
        sent.clear()
        page.goto(base + "/en/staff/")  # one sign-in serves both languages
        expect(page.get_by_role("heading", name="Enrolments", level=1)).to_be_visible()
        assert (sent[base + "/en/staff/"] or "").startswith("session=")


def test_marking_contacted_works_without_javascript(staff_app: Flask, browser: Browser) -> None:
    context = browser.new_context(**PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    with serve_app(staff_app) as base:
        sign_in(page, base, "/staf/?workshop=las&status=new")
        expect(page).to_have_url(base + "/staf/?workshop=las&status=new")
        expect(page.locator(".enrolments h2")).to_have_count(3)
        budi = page.locator(".enrolments li", has=page.get_by_role("link", name="Budi Santoso"))
        budi.get_by_role("button", name="Tandai sudah dihubungi").click()
        expect(page).to_have_url(base + "/staf/?workshop=las&status=new")  # the same list
        expect(page.locator(".notice")).to_contain_text("ditandai sudah dihubungi")
        expect(page.locator(".enrolments h2")).to_have_text(["Siti Nur'aini", "Lama Sekali"])
    context.close()


def test_an_ended_session_leads_to_signing_in_not_to_a_broken_row(
    staff_app: Flask, phone: BrowserContext
) -> None:
    page = phone.new_page()
    with serve_app(staff_app) as base:
        sign_in(page, base)
        with staff_app.app_context():  # signed out elsewhere: every session of the account ends
            db.session.execute(db.update(StaffUser).values(session_token="ended"))
            db.session.commit()
        page.get_by_role("button", name="Tandai sudah dihubungi").first.click()
        expect(page).to_have_url(base + "/staf/masuk/?next=/staf/")


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
        page.goto(base + "/staf/")
        page.get_by_role("button", name="Tandai sudah dihubungi").first.click()
        expect(page.locator(".done")).to_be_focused()
        found["list after marking one"] = violations(page)
        page.get_by_role("link", name="Unduh daftar ini sebagai CSV").click()
        for path in ("/staf/aktivitas/", "/en/staff/activity/?action=view"):
            page.goto(base + path)
            found[path] = violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
