"""Staff pages once signed in: list, filters, search, pages, detail, history, export, counts."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.staff.models import StatusChange
from support.enrolments import add_enrolment
from support.staff import at, post

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'


def names(client: FlaskClient, url: str = "/staf/") -> list[str]:
    """The names listed on a page of the enrolment list, in order."""
    html = client.get(url).get_data(as_text=True)
    return [
        unescape(n)
        for n in re.findall(r'<h2[^>]*><a href="/staf/pendaftaran/[^"]+/">([^<]*)</a>', html)
    ]


def search(client: FlaskClient, **filters: str) -> str:
    """Post the filter form; return where it leads (the search itself is not in the URL)."""
    response = post(client, "/staf/", **filters)
    assert response.status_code == 303
    return response.headers["Location"]


def test_hostile_names_are_escaped_on_pages_and_neutralised_in_the_csv(
    app: Flask, staff: FlaskClient
) -> None:
    first = add_enrolment(app, full_name=SCRIPT)
    second = add_enrolment(app, full_name=FORMULA, city="+SUM(A1)", union_name="@evil")
    listing = staff.get("/staf/").get_data(as_text=True)
    escaped = {
        first: "&lt;script&gt;alert(1)&lt;/script&gt;",
        second: "=HYPERLINK(&#34;http://x&#34;)",
    }
    for reference, shown in escaped.items():
        detail = staff.get(f"/staf/pendaftaran/{reference}/").get_data(as_text=True)
        assert f"<h1>{shown}</h1>" in detail and f"<dd>{shown}</dd>" in detail
        assert f">{shown}</a></h2>" in listing
        assert SCRIPT not in detail and SCRIPT not in listing
    exported = staff.get("/staf/ekspor.csv")
    assert exported.mimetype == "text/csv"
    assert exported.headers["Content-Disposition"].startswith("attachment; filename=")
    text = exported.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_name = {row["full_name"]: row for row in rows}
    assert set(by_name) == {SCRIPT, "'" + FORMULA}
    assert by_name["'" + FORMULA]["city"] == "'+SUM(A1)"
    assert by_name["'" + FORMULA]["union_name"] == "'@evil"


@pytest.mark.postgres
def test_the_list_is_newest_first_in_pages_of_25(app: Flask, staff: FlaskClient) -> None:
    for n in range(30):
        add_enrolment(app, full_name=f"Orang {n:02}", created_at=at(30 - n))
    first = names(staff)
    assert first == [f"Orang {n:02}" for n in range(29, 4, -1)]
    html = staff.get("/staf/").get_data(as_text=True)
    assert 'href="/staf/?page=2" rel="next"' in html and "Halaman 1 dari 2" in html
    assert names(staff, "/staf/?page=2") == [f"Orang {n:02}" for n in range(4, -1, -1)]
    assert names(staff, "/staf/?page=3") == []
    assert names(staff, "/staf/?page=x") == first  # nonsense is the first page, not an error


@pytest.mark.postgres
def test_filters_by_workshop_status_dates_and_referral(app: Flask, staff: FlaskClient) -> None:
    add_enrolment(app, full_name="Las Kemarin", created_at=at(1))
    add_enrolment(app, full_name="Las Lama", created_at=at(10), referral="spsi-bekasi")
    add_enrolment(app, full_name="Las Dihubungi", status=Status.CONTACTED, created_at=at(1))
    add_enrolment(app, full_name="TIK Kemarin", workshop="tik", created_at=at(1))
    # 23:30 UTC is 06:30 the next morning in Bekasi: it belongs to that day.
    add_enrolment(app, full_name="Las Pagi WIB", created_at=at(2, hour=23).replace(minute=30))
    yesterday = at(1).date().isoformat()
    assert set(names(staff, "/staf/?workshop=las&since=" + yesterday + "&until=" + yesterday)) == {
        "Las Kemarin",
        "Las Dihubungi",
        "Las Pagi WIB",
    }
    assert names(staff, "/staf/?workshop=las&status=contacted") == ["Las Dihubungi"]
    # An enrolment's page leads back to the list it was found in.
    reference = re.search(
        r'href="(/staf/pendaftaran/[^"]+/)"', staff.get("/staf/?status=contacted").text
    )
    back = '<a href="/staf/?status=contacted">'
    assert back in staff.get(reference.group(1)).get_data(as_text=True)
    assert names(staff, "/staf/?ref=spsi-bekasi") == ["Las Lama"]
    assert names(staff, "/staf/?until=" + at(5).date().isoformat()) == ["Las Lama"]
    # The filter form leads to the same URL, without the (empty) search in it.
    location = search(staff, workshop="las", status="contacted", q="")
    assert location == "/staf/?workshop=las&status=contacted"
    # A bad date is said to be bad, and filters nothing.
    html = staff.get("/staf/?since=2026-13-45").get_data(as_text=True)
    assert "2026-11-28" in html and len(names(staff, "/staf/?since=2026-13-45")) == 5


@pytest.mark.postgres
def test_search_by_name_or_number_stays_out_of_the_url(app: Flask, staff: FlaskClient) -> None:
    add_enrolment(app, full_name="Siti Nur'aini", phone="+6281234567890")
    add_enrolment(app, full_name="Ni Luh Putu", phone="+6285712345678")
    add_enrolment(app, full_name="100% Tiêu_x", phone="+6281311112222")
    location = search(staff, q="nur'AINI")
    assert location == "/staf/" and "nur" not in location.lower()
    assert names(staff) == ["Siti Nur'aini"]
    search(staff, q="0812 3456")
    assert names(staff) == ["Siti Nur'aini"]
    search(staff, q="+62 857-1234")
    assert names(staff) == ["Ni Luh Putu"]
    search(staff, q="%")  # a wildcard typed by staff matches only itself
    assert names(staff) == ["100% Tiêu_x"]
    search(staff, q="u_x")
    assert names(staff) == ["100% Tiêu_x"]
    # The export follows the same search; clearing it lists everyone again.
    text = staff.get("/staf/ekspor.csv").get_data(as_text=True)
    assert "100% Tiêu_x" in text and "Siti" not in text
    search(staff)
    assert len(names(staff)) == 3


def test_the_export_follows_the_filters(app: Flask, staff: FlaskClient) -> None:
    add_enrolment(app, full_name="Las Satu")
    add_enrolment(app, full_name="TIK Satu", workshop="tik")
    rows = list(
        csv.reader(io.StringIO(staff.get("/staf/ekspor.csv?workshop=tik").get_data(as_text=True)))
    )
    assert len(rows) == 2 and rows[1][3] == "TIK Satu"
    html = staff.get("/staf/?workshop=tik").get_data(as_text=True)
    assert 'href="/staf/ekspor.csv?workshop=tik"' in html


@pytest.mark.postgres
def test_a_status_change_is_recorded_with_who_and_when(app: Flask, staff: FlaskClient) -> None:
    reference = add_enrolment(app, full_name="Budi", updated_at=at(100))
    detail = f"/staf/pendaftaran/{reference}/"
    response = post(staff, detail, status="contacted", note="Ditelepon, datang Senin.")
    assert response.status_code == 303 and response.headers["Location"] == detail
    post(staff, detail, status="contacted", note="Tidak diangkat.")
    assert post(staff, detail, status="contacted", note="").status_code == 422  # nothing to record
    post(staff, detail, status="accepted", note="")
    with app.app_context():
        row = db.session.scalar(db.select(Enrolment))
        assert row.status == Status.ACCEPTED
        assert row.updated_at.replace(tzinfo=None) > at(1).replace(
            tzinfo=None
        )  # retention restarts
        history = db.session.scalars(db.select(StatusChange).order_by(StatusChange.id)).all()
        assert [(h.staff_name, h.from_status, h.to_status, h.note) for h in history] == [
            ("siti", Status.NEW, Status.CONTACTED, "Ditelepon, datang Senin."),
            ("siti", Status.CONTACTED, Status.CONTACTED, "Tidak diangkat."),
            ("siti", Status.CONTACTED, Status.ACCEPTED, None),
        ]
    html = staff.get(detail).get_data(as_text=True)
    assert "Ditelepon, datang Senin." in html and "Tidak diangkat." in html
    assert html.count("siti") >= 3 and "WIB" in html
    assert post(staff, detail, status="lost").status_code == 422
    assert staff.get("/staf/pendaftaran/AAAA-AAAA/").status_code == 404


def test_the_detail_page_shows_every_field(app: Flask, staff: FlaskClient) -> None:
    reference = add_enrolment(
        app,
        full_name="Siti",
        phone="+6281234567890",
        email="siti@example.com",
        union_name="SPSI",
        referral="spsi-bekasi",
        city="Kabupaten Karawang",
    )
    html = unescape(staff.get(f"/en/staff/enrolments/{reference}/").get_data(as_text=True))
    for shown in (
        reference,
        "0812-3456-7890",
        'href="tel:+6281234567890"',
        "siti@example.com",
        "1988",
        "Senior secondary school",
        "Kabupaten Karawang",
        "SPSI",
        "spsi-bekasi",
        "2026-11-28",
        "Welding test",
        "New",
    ):
        assert shown in html, shown


@pytest.mark.postgres
def test_counts_by_workshop_status_and_referral(app: Flask, staff: FlaskClient) -> None:
    add_enrolment(app, referral="spsi-bekasi")
    add_enrolment(app, referral="spsi-bekasi", status=Status.ACCEPTED)
    add_enrolment(app, workshop="tik", referral="kspi")
    add_enrolment(app, workshop="tik", created_at=at(40))
    html = staff.get("/en/staff/counts/").get_data(as_text=True)
    workshops, referrals = [
        table_rows(t) for t in re.findall(r"<table[^>]*>.*?</table>", html, re.S)
    ]
    # Each row: new, contacted, accepted, declined, total.
    assert workshops == {
        "Workshop": ["New", "Contacted", "Accepted", "Declined", "Total"],
        "Welding test": ["1", "0", "1", "0", "2"],
        "tik": ["2", "0", "0", "0", "2"],  # not a workshop of the content: shown by its key
        "Total": ["3", "0", "1", "0", "4"],
    }
    assert referrals == {
        "Referral code": ["New", "Contacted", "Accepted", "Declined", "Total"],
        "spsi-bekasi": ["1", "0", "1", "0", "2"],
        "kspi": ["1", "0", "0", "0", "1"],
        "(none)": ["1", "0", "0", "0", "1"],
    }
    since = at(10).date().isoformat()
    recent = staff.get(f"/en/staff/counts/?since={since}").get_data(as_text=True)
    assert (
        table_rows(re.search(r"<table[^>]*>.*?</table>", recent, re.S).group())["Total"][-1] == "3"
    )


def table_rows(table: str) -> dict[str, list[str]]:
    """A table's rows by their first cell."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        first, *rest = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        rows[first] = rest
    return rows
