"""Who saw personal data: enrolment pages opened and exports are recorded, shown and purged."""

from __future__ import annotations

import datetime as dt
import getpass
import re
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from bangkit.database import db
from bangkit.staff.models import Access, DataAccess, Via
from bangkit.staff.retention import months_before
from support.enrolments import add_enrolment
from support.staff import add_staff, at, post, sign_in, token


def records(app: Flask) -> list[DataAccess]:
    with app.app_context():
        query = db.select(DataAccess).order_by(DataAccess.id)
        found = db.session.scalars(query).all()
        db.session.expunge_all()
        return list(found)


def text(client: FlaskClient, url: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True)))


@pytest.mark.postgres
def test_opening_an_enrolment_is_recorded_and_shown_on_its_page(
    app: Flask, staff: FlaskClient
) -> None:
    reference = add_enrolment(app, full_name="Budi")
    other = add_enrolment(app)
    add_staff(app, name="dewi")
    dewi = app.test_client()
    sign_in(dewi, name="dewi")
    staff.get("/staf/")  # the list is not an opening of one enrolment
    staff.get(f"/staf/pendaftaran/{reference}/")
    dewi.get(f"/en/staff/enrolments/{reference}/")
    post(staff, f"/staf/pendaftaran/{reference}/", status="contacted")  # 303, then the page
    staff.get(f"/staf/pendaftaran/{other}/")
    staff.get("/staf/pendaftaran/AAAA-AAAA/")  # no such enrolment: nothing was seen
    found = [(r.action, r.via, r.who, r.reference) for r in records(app)]
    assert found == [
        (Access.VIEW, Via.WEB, "siti", reference),
        (Access.VIEW, Via.WEB, "dewi", reference),
        (Access.VIEW, Via.WEB, "siti", reference),  # `post` read the page for its token
        (Access.VIEW, Via.WEB, "siti", other),
    ]
    page = staff.get(f"/staf/pendaftaran/{reference}/").get_data(as_text=True)
    views = re.search(r'<ol class="views">(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r"<li>[^<]+WIB · (\w+)</li>", views) == ["siti", "siti", "dewi", "siti"]


@pytest.mark.postgres
def test_every_export_is_recorded_with_who_filters_and_rows_but_no_search_text(
    app: Flask, staff: FlaskClient, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    add_enrolment(app, full_name="Siti Nur'aini", referral="spsi-bekasi")
    add_enrolment(app, full_name="Ani", workshop="tik")
    add_enrolment(app, full_name="Lama", created_at=at(40))
    since = at(10).date().isoformat()
    staff.get(f"/staf/ekspor.csv?workshop=las&since={since}&ref=spsi-bekasi")
    post(staff, "/staf/", q="Nur'aini")  # a search, kept in the session
    staff.get("/staf/ekspor.csv")
    result = runner.invoke(
        args=["enrolments", "export", str(tmp_path / "out.csv"), "--until", "2030-01-31"]
    )
    assert result.exit_code == 0, result.output
    exports = [r for r in records(app) if r.action == Access.EXPORT]
    found = [(r.via, r.who, r.filters, r.searched, r.rows) for r in exports]
    assert found == [
        (Via.WEB, "siti", {"workshop": "las", "since": since, "ref": "spsi-bekasi"}, False, 1),
        (Via.WEB, "siti", {}, True, 1),
        (Via.CLI, getpass.getuser(), {"until": "2030-01-31"}, False, 3),
    ]
    with app.app_context():  # the search text is nowhere in the records
        raw = db.session.execute(db.text("SELECT * FROM data_access")).all()
    assert "Nur" not in repr(raw)
    activity = text(staff, "/en/staff/activity/")
    assert "Rows exported: 1 · Welding test · from " + since + " · referral code spsi-bekasi" in (
        activity
    )
    assert "Rows exported: 1 · a search by name or number (its text is not recorded)" in activity
    assert "Rows exported: 3 · to 2030-01-31" in activity
    assert f"{getpass.getuser()} · on the server (flask enrolments export)" in activity
    # Newest first.
    assert activity.index("Rows exported: 3") < activity.index("Rows exported: 1 · a search")


def test_the_command_names_who_used_sudo(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "bangkit")
    monkeypatch.setenv("SUDO_USER", "rina")
    result = runner.invoke(args=["enrolments", "export", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    [record] = records(app)
    assert (record.via, record.who, record.rows, record.filters) == (
        Via.CLI,
        "bangkit (sudo by rina)",
        0,
        {},
    )


def test_the_activity_page_lists_openings_too_and_those_of_one_enrolment(
    app: Flask, staff: FlaskClient
) -> None:
    first, second = add_enrolment(app), add_enrolment(app)
    for reference in (first, second, first):
        staff.get(f"/staf/pendaftaran/{reference}/")
    exports = text(staff, "/staf/aktivitas/")
    assert "Belum ada catatan." in exports and first not in exports
    opened = staff.get("/staf/aktivitas/?action=view").get_data(as_text=True)
    assert re.findall(r'<a href="/staf/pendaftaran/([^/]+)/">', opened) == [first, second, first]
    only = staff.get(f"/staf/aktivitas/?action=view&reference={first}").get_data(as_text=True)
    assert re.findall(r'<a href="/staf/pendaftaran/([^/]+)/">', only) == [first, first, first]
    # Anything else in the query is ignored rather than trusted.
    odd = staff.get("/staf/aktivitas/?action=view&reference=%27%3Cx%3E").get_data(as_text=True)
    assert "<x>" not in odd and odd.count('href="/staf/pendaftaran/') == 3


def test_an_enrolment_page_links_to_all_its_openings_when_there_are_many(
    app: Flask, staff: FlaskClient
) -> None:
    reference = add_enrolment(app)
    for _ in range(21):
        staff.get(f"/staf/pendaftaran/{reference}/")
    page = staff.get(f"/staf/pendaftaran/{reference}/").get_data(as_text=True)
    assert page.count("WIB · siti</li>") == 20
    assert f'href="/staf/aktivitas/?action=view&amp;reference={reference}"' in page
    assert "22 kali dibuka seluruhnya" in page


@pytest.mark.postgres
def test_purge_deletes_the_records_past_the_retention_period(
    app: Flask, runner: FlaskCliRunner
) -> None:
    year_ago = months_before(dt.datetime.now(dt.UTC), 12)
    with app.app_context():
        for name, when in [
            ("old", year_ago - dt.timedelta(minutes=5)),
            ("recent", year_ago + dt.timedelta(minutes=5)),
            ("today", dt.datetime.now(dt.UTC)),
        ]:
            db.session.add(
                DataAccess(
                    action=Access.VIEW, via=Via.WEB, who=name, reference="K7QM-4XPD", at=when
                )
            )
        db.session.commit()
    dry = runner.invoke(args=["enrolments", "purge", "--dry-run"])
    assert "would delete 1 records of staff access older than 12 months" in dry.output
    assert len(records(app)) == 3
    result = runner.invoke(args=["enrolments", "purge"])
    assert result.exit_code == 0
    assert "deleted 1 records of staff access older than 12 months" in result.output
    assert [r.who for r in records(app)] == ["recent", "today"]
    app.config["RETENTION_MONTHS"] = 2
    assert "deleted 1 records" in runner.invoke(args=["enrolments", "purge"]).output
    assert [r.who for r in records(app)] == ["today"]


def test_the_activity_page_is_in_the_staff_menu(app: Flask, staff: FlaskClient) -> None:
    assert 'aria-current="page">Aktivitas</a>' in staff.get("/staf/aktivitas/").get_data(
        as_text=True
    )
    response = staff.post("/staf/keluar/", data={"csrf_token": token(staff, "/staf/aktivitas/")})
    assert response.status_code == 303
