"""Following up: call and WhatsApp links, and marking an enrolment contacted from the list."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.operator import Operator
from bangkit.staff.followup import mark_contacted
from bangkit.staff.models import StatusChange
from support.enrolments import add_enrolment
from support.staff import add_staff, sign_in, token

HTMX = {"HX-Request": "true"}


def links(html: str) -> tuple[str, str]:
    """The call link and the WhatsApp link in an enrolment's row (or page)."""
    tel = re.search(r'href="(tel:[^"]+)"', html).group(1)
    wa = unescape(re.search(r'href="(https://wa\.me/[^"]+)"', html).group(1))
    return tel, wa


def row(html: str, reference: str) -> str:
    """One enrolment's row in the list."""
    return re.search(rf'<li id="row-{reference}">.*?</li>', html, re.S).group()


@pytest.mark.parametrize("staff_page", ["/staf/", "/en/staff/"])
def test_each_row_and_page_call_and_whatsapp_in_the_readers_language(
    app: Flask, staff: FlaskClient, staff_page: str
) -> None:
    indonesian = add_enrolment(app, phone="+6281234567890", lang="id")
    english = add_enrolment(app, phone="+6285712345678", lang="en")
    listing = staff.get(staff_page).get_data(as_text=True)
    detail = "pendaftaran" if staff_page == "/staf/" else "enrolments"
    for reference, number, greeting, workshop in [
        (indonesian, "6281234567890", "Halo Bapak/Ibu", "pelatihan Teknik Las uji"),
        (english, "6285712345678", "Hello.", "the Welding test training"),
    ]:
        page = staff.get(f"{staff_page}{detail}/{reference}/").get_data(as_text=True)
        for html in (row(listing, reference), page):
            tel, wa = links(html)
            assert tel == f"tel:+{number}"
            url = urlsplit(wa)
            assert url.netloc == "wa.me" and url.path == f"/{number}"
            [text] = parse_qs(url.query)["text"]
            # The reader's language, whichever language the staff page is in; from whoever
            # follows enrolments up (the operator setting, see bangkit.operator).
            assert text.startswith(greeting) and workshop in text and reference in text
            assert "Serikat Pekerja Uji" in text
            assert "Budi" not in text  # no more personal data in the link than the number
    english_row = row(listing, english)
    assert "0857-1234-5678" in english_row  # the number as dialled, on the call link


def test_a_copy_that_names_nobody_still_greets_without_a_name(
    app: Flask, staff: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = add_enrolment(app, lang="en")
    monkeypatch.setitem(app.extensions, "bangkit.operator", Operator(None, None, False, None))
    _tel, wa = links(staff.get("/staf/").get_data(as_text=True))
    [text] = parse_qs(urlsplit(wa).query)["text"]
    assert text.startswith("Hello. We are following up the request you sent through Bangkit")
    assert reference in text and "Welding test" in text


@pytest.mark.postgres
def test_marking_contacted_without_javascript_comes_back_to_the_same_list(
    app: Flask, staff: FlaskClient
) -> None:
    reference = add_enrolment(app, full_name="Budi")
    add_enrolment(app, full_name="Ani", workshop="tik")
    listing = staff.get("/staf/?workshop=las&status=new").get_data(as_text=True)
    form = re.search(
        r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', row(listing, reference), re.S
    )
    action, fields = form.groups()
    assert action == f"/staf/pendaftaran/{reference}/dihubungi/"
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', fields))
    assert set(data) == {"csrf_token", "next"}
    response = staff.post(action, data={k: unescape(v) for k, v in data.items()})
    assert response.status_code == 303
    assert response.headers["Location"] == "/staf/?workshop=las&status=new"
    assert f"{reference} ditandai sudah dihubungi." in staff.get("/staf/").get_data(as_text=True)
    with app.app_context():
        enrolment = db.session.scalar(db.select(Enrolment).filter_by(reference=reference))
        assert enrolment.status == Status.CONTACTED
        history = db.session.scalars(db.select(StatusChange)).all()
        assert [(h.staff_name, h.from_status, h.to_status, h.note) for h in history] == [
            ("siti", Status.NEW, Status.CONTACTED, None)
        ]
    # The history shows it like a change made on the enrolment's page.
    page = staff.get(f"/staf/pendaftaran/{reference}/").get_data(as_text=True)
    assert "Baru → <strong>Sudah dihubungi</strong>" in page
    # Marked: the row has no button any more.
    assert "dihubungi/" not in row(staff.get("/staf/").get_data(as_text=True), reference)


@pytest.mark.postgres
def test_with_htmx_the_answer_is_the_row_alone(app: Flask, staff: FlaskClient) -> None:
    reference = add_enrolment(app, full_name="Budi")
    url = f"/en/staff/enrolments/{reference}/contacted/"
    data = {"csrf_token": token(staff, "/en/staff/"), "next": "/en/staff/?status=new"}
    response = staff.post(url, data=data, headers=HTMX)
    assert response.status_code == 200 and "HX-Request" in response.vary
    html = response.get_data(as_text=True).strip()
    assert html.startswith(f'<li id="row-{reference}">') and html.endswith("</li>")
    assert html.count("<li") == 1 and "<html" not in html
    assert ">Contacted</strong>" in html
    assert (
        f'<p class="done" id="mark-{reference}" tabindex="-1" autofocus>Marked contacted by siti.'
        in html
    )
    # Again (a second tap, or a colleague at the same moment): nothing more is recorded.
    again = staff.post(url, data=data, headers=HTMX).get_data(as_text=True)
    assert "Nothing changed: this enrolment was no longer new." in again
    plain = staff.post(url, data=data)
    assert plain.status_code == 303 and plain.headers["Location"] == "/en/staff/?status=new"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(StatusChange.id))) == 1


@pytest.mark.postgres
def test_only_a_new_enrolment_can_be_marked_and_only_once(app: Flask) -> None:
    new = add_enrolment(app)
    accepted = add_enrolment(app, status=Status.ACCEPTED)
    with app.app_context():
        rows = {e.reference: e for e in db.session.scalars(db.select(Enrolment))}
        assert mark_contacted(rows[new], "siti") is True
        assert mark_contacted(rows[new], "dewi") is False
        assert mark_contacted(rows[accepted], "siti") is False
        db.session.expire_all()
        assert rows[accepted].status == Status.ACCEPTED
        history = db.session.scalars(db.select(StatusChange)).all()
        assert [(h.staff_name, h.to_status) for h in history] == [("siti", Status.CONTACTED)]


@pytest.mark.postgres
def test_two_people_marking_at_the_same_moment_record_it_once(app: Flask) -> None:
    reference = add_enrolment(app)
    start = threading.Barrier(4)

    def tap(name: str) -> bool:
        with app.app_context():
            enrolment = db.session.scalar(db.select(Enrolment).filter_by(reference=reference))
            start.wait()  # all four have read it as new
            return mark_contacted(enrolment, name)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(tap, ["siti", "dewi", "budi", "rina"]))
    assert sorted(results) == [False, False, False, True]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(StatusChange.id))) == 1


def test_the_way_back_is_only_a_list_in_the_same_language(app: Flask, staff: FlaskClient) -> None:
    csrf = token(staff, "/staf/")
    for target, expected in [
        ("/staf/?status=new&page=2", "/staf/?status=new&page=2"),
        ("/en/staff/?status=new", "/staf/"),  # the other language's list
        ("/staf/angka/", "/staf/"),  # a staff page, but not the list
        ("https://evil.example/staf/", "/staf/"),
        ("//evil.example/staf/", "/staf/"),
        ("", "/staf/"),
    ]:
        reference = add_enrolment(app)
        response = staff.post(
            f"/staf/pendaftaran/{reference}/dihubungi/", data={"csrf_token": csrf, "next": target}
        )
        assert response.headers["Location"] == expected, target


def test_an_htmx_request_that_fails_reloads_the_page_instead_of_swapping_an_error(
    app: Flask, client: FlaskClient
) -> None:
    reference = add_enrolment(app)
    url = f"/staf/pendaftaran/{reference}/dihubungi/"
    signed_out = client.post(url, data={"csrf_token": "x"}, headers=HTMX)
    assert signed_out.status_code == 403 and signed_out.headers["HX-Refresh"] == "true"
    add_staff(app)
    sign_in(client)
    forged = client.post(url, data={"csrf_token": "forged"}, headers=HTMX)
    assert forged.status_code == 400 and forged.headers["HX-Refresh"] == "true"
    csrf = token(client, "/staf/")
    gone = client.post(
        "/staf/pendaftaran/AAAA-AAAA/dihubungi/", data={"csrf_token": csrf}, headers=HTMX
    )
    assert gone.status_code == 404 and gone.headers["HX-Refresh"] == "true"
    assert "HX-Refresh" not in client.post(url, data={"csrf_token": csrf}).headers
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(StatusChange.id))) == 1
