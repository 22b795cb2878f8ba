"""Staff pages given what no form sends: control characters, dates and page numbers at the edge
of what the database or Python can hold, and return addresses with line breaks. Each is refused
with a message, dropped, or a 404; never a 500, and never stored.

PostgreSQL refuses a NUL in any text it is given, where SQLite takes it: hence `postgres`.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.staff.models import StaffUser, StatusChange
from support.enrolments import add_enrolment
from support.staff import add_staff, post, sign_in, token

HIDDEN = "Hapus karakter kontrol tersembunyi dari jawaban ini"


def listed(html: str) -> int:
    """How many enrolments a page of the list shows."""
    return len(re.findall(r'<h2[^>]*><a href="/staf/pendaftaran/', html))


@pytest.mark.postgres
def test_a_sign_in_name_with_a_control_character_is_refused_before_any_look_up(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    response = sign_in(client, name="si\x00ti")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert HIDDEN in html and 'value="si\x00ti"' in html  # what was typed, to correct
    with app.app_context():  # not a failed attempt: no password was tried
        assert db.session.scalar(db.select(StaffUser.failed_logins)) == 0
    assert sign_in(client).status_code == 303


@pytest.mark.postgres
def test_a_search_with_a_control_character_is_refused_and_never_kept(
    app: Flask, staff: FlaskClient
) -> None:
    add_enrolment(app, full_name="Siti Aminah")
    add_enrolment(app, full_name="Budi", workshop="tik")
    response = post(staff, "/staf/", q="Si\x00ti", workshop="tik")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert HIDDEN in html and 'value="Si\x00ti"' in html
    assert listed(html) == 1  # the other filters, which were fine, are applied
    # Nothing of it was kept: the list and the export work, unsearched.
    assert listed(staff.get("/staf/").get_data(as_text=True)) == 2
    assert staff.get("/staf/ekspor.csv").get_data(as_text=True).count("\n") == 3


@pytest.mark.postgres
def test_a_search_with_a_control_character_kept_from_before_is_shown_and_not_used(
    app: Flask, staff: FlaskClient
) -> None:
    """A session may hold such a search from before it was refused."""
    add_enrolment(app, full_name="Siti Aminah")
    with staff.session_transaction("/staf/") as session:
        session["q"] = "Si\x00ti"
    response = staff.get("/staf/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert HIDDEN in html and listed(html) == 1
    export = staff.get("/staf/ekspor.csv")
    assert export.status_code == 200 and "Siti Aminah" in export.get_data(as_text=True)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ref=spsi%00x", "Kode rujukan hanya berisi huruf kecil, angka, dan tanda hubung"),
        ("ref=spsi%0Ax", "Kode rujukan hanya berisi huruf kecil, angka, dan tanda hubung"),
        ("workshop=las%00x", HIDDEN),
        ("status=%0D%0A", "Pilih status"),
    ],
)
def test_a_filter_with_a_control_character_is_refused_and_filters_nothing(
    app: Flask, staff: FlaskClient, query: str, message: str
) -> None:
    add_enrolment(app, referral="spsi")
    response = staff.get(f"/staf/?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html and listed(html) == 1
    assert staff.get(f"/staf/angka/?{query}").status_code == 200  # (which shows only dates)
    export = staff.get(f"/staf/ekspor.csv?{query}")
    assert export.status_code == 200 and export.get_data(as_text=True).count("\n") == 2


@pytest.mark.postgres
def test_a_note_with_a_control_character_is_refused_and_kept_to_correct(
    app: Flask, staff: FlaskClient
) -> None:
    reference = add_enrolment(app)
    page = f"/staf/pendaftaran/{reference}/"
    response = post(staff, page, status="contacted", note="ditelepon\x00")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert HIDDEN in html and "ditelepon\x00</textarea>" in html
    with app.app_context():
        assert db.session.scalar(db.select(Enrolment.status)) == Status.NEW
        assert db.session.scalar(db.select(db.func.count(StatusChange.id))) == 0
    # Lines are what a note is made of (a textarea sends them as CR LF): they are kept.
    note = "Ditelepon.\r\n\tDatang Senin."
    assert post(staff, page, status="contacted", note=note).status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(StatusChange.note)) == note


@pytest.mark.postgres
def test_a_reference_with_a_control_character_is_not_found(app: Flask, staff: FlaskClient) -> None:
    add_enrolment(app)
    assert staff.get("/staf/pendaftaran/AB%00D-EFGH/").status_code == 404
    data = {"csrf_token": token(staff, "/staf/")}
    assert staff.post("/staf/pendaftaran/AB%00D-EFGH/dihubungi/", data=data).status_code == 404
    assert staff.post("/staf/pendaftaran/AB%00D-EFGH/", data=data).status_code == 404


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["since=0001-01-01", "until=9999-12-31", "until=0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_filter_as_far_as_they_can(
    app: Flask, staff: FlaskClient, query: str
) -> None:
    """Python's dates run from year 1 to 9999: a day's start in Bekasi on the first day, and
    the end of the last, cannot be written. Nothing lies beyond them to leave out."""
    add_enrolment(app)
    expected = 0 if query.startswith("until=0001") else 1
    assert listed(staff.get(f"/staf/?{query}").get_data(as_text=True)) == expected
    assert staff.get(f"/staf/angka/?{query}").status_code == 200
    export = staff.get(f"/staf/ekspor.csv?{query}")
    assert export.status_code == 200 and export.get_data(as_text=True).count("\n") == 1 + expected


@pytest.mark.postgres
@pytest.mark.parametrize("page", ["/staf/?", "/staf/aktivitas/?", "/staf/aktivitas/?action=view&"])
def test_a_page_number_too_large_for_the_database_is_the_first_page(
    app: Flask, staff: FlaskClient, page: str
) -> None:
    add_enrolment(app)
    for number in ("99999999999999999999", "9223372036854775807", "-99999999999999999999"):
        response = staff.get(f"{page}page={number}")
        assert response.status_code == 200, number
        if page == "/staf/?":
            assert listed(response.get_data(as_text=True)) == 1


def test_a_return_address_with_a_line_break_is_dropped_and_the_sign_in_kept(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    for target in ("/staf/%0D%0Ax", "/staf/%0Ax", "/staf/?x=%0D%0ASet-Cookie:%20a=b", "/staf/%00"):
        response = sign_in(client, url=f"/staf/masuk/?next={target}")
        assert response.status_code == 303, target
        assert response.headers["Location"] == "/staf/"
        assert client.get("/staf/").status_code == 200  # signed in
        client.post("/staf/keluar/", data={"csrf_token": token(client, "/staf/")})


def test_marking_contacted_with_a_line_break_in_where_to_return_goes_to_the_list(
    app: Flask, staff: FlaskClient
) -> None:
    reference = add_enrolment(app)
    data = {"csrf_token": token(staff, "/staf/"), "next": "/staf/?x=\r\nSet-Cookie: a=b"}
    response = staff.post(f"/staf/pendaftaran/{reference}/dihubungi/", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/staf/"
    with app.app_context():
        assert db.session.scalar(db.select(Enrolment.status)) == Status.CONTACTED
