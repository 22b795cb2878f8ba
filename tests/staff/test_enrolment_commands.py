"""`flask enrolments export|count|by-ref`: CSV that opens safely in a spreadsheet, and counts."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from bangkit.database import db
from bangkit.enrol.models import Enrolment, Jkp, Status, new_reference
from bangkit.staff.spreadsheet import neutralise

UTC = dt.UTC
NUMBERS = itertools.count(10_000_000)


def add(app: Flask, **values: object) -> None:
    """Store one enrolment directly (the form's own path is tested in tests/enrol/)."""
    row = {
        "reference": new_reference(),
        "workshop": "las",
        "full_name": "Siti Nur'aini",
        "phone": f"+62812{next(NUMBERS):08d}",  # a new number each time: no duplicate
        "birth_year": 1990,
        "education": "sma",
        "city": "Kota Bekasi",
        "laid_off": True,
        "jkp": Jkp.UNKNOWN,
        "lang": "id",
        "consent_at": dt.datetime(2026, 11, 1, tzinfo=UTC),
        "consent_version": "2026-11-28",
        **values,
    }
    with app.app_context():
        db.session.add(Enrolment(**row))
        db.session.commit()


def export(runner: FlaskCliRunner, path: Path, *options: str) -> list[list[str]]:
    result = runner.invoke(args=["enrolments", "export", str(path), *options])
    assert result.exit_code == 0, result.output
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8 names right
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


@pytest.mark.postgres
def test_the_export_neutralises_formulas_and_keeps_names_intact(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    add(app, full_name='=HYPERLINK("http://evil.example","Klik")', city="@SUM(A1)")
    add(app, full_name="Tiêu Ωmega", union_name="-1+1", workshop="tik")
    header, first, second = export(runner, tmp_path / "out.csv")
    assert header[:4] == ["reference", "created_at", "workshop", "full_name"]
    name, city = header.index("full_name"), header.index("city")
    assert first[name] == '\'=HYPERLINK("http://evil.example","Klik")'
    assert first[city] == "'@SUM(A1)"
    assert second[name] == "Tiêu Ωmega"
    assert second[header.index("union_name")] == "'-1+1"
    assert first[header.index("laid_off")] == "yes"
    assert first[header.index("status")] == "new"
    assert first[header.index("consent_at")] == "2026-11-01T07:00:00+07:00"  # WIB


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+6281234567890", "'+6281234567890"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ni Luh Putu", "Ni Luh Putu"),
        ("a=b", "a=b"),
        (None, ""),
        (Status.ACCEPTED, "accepted"),
        (False, "no"),
        (1990, "1990"),
    ],
)
def test_neutralise(value: object, cell: str) -> None:
    assert neutralise(value) == cell


@pytest.mark.postgres
def test_the_export_filters_by_workshop_and_by_day_in_bekasi_time(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    # 17:30 UTC on 1 Nov is 00:30 on 2 Nov in Bekasi (WIB, UTC+7).
    add(app, full_name="A", created_at=dt.datetime(2026, 11, 1, 17, 30, tzinfo=UTC))
    add(app, full_name="B", created_at=dt.datetime(2026, 11, 1, 16, 30, tzinfo=UTC))
    add(app, full_name="C", created_at=dt.datetime(2026, 11, 5, 3, 0, tzinfo=UTC), workshop="tik")

    def names(*options: str) -> list[str]:
        header, *rows = export(runner, tmp_path / "out.csv", *options)
        return [row[header.index("full_name")] for row in rows]

    assert names() == ["B", "A", "C"]
    assert names("--workshop", "tik") == ["C"]
    assert names("--since", "2026-11-02") == ["A", "C"]
    assert names("--until", "2026-11-01") == ["B"]
    assert names("--since", "2026-11-02", "--until", "2026-11-04") == ["A"]
    # The ends of the calendar leave nothing out (they were an OverflowError).
    assert names("--since", "0001-01-01", "--until", "9999-12-31") == ["B", "A", "C"]
    bad = runner.invoke(args=["enrolments", "export", str(tmp_path / "x.csv"), "--since", "1/11"])
    assert bad.exit_code != 0


@pytest.mark.postgres
def test_count_prints_each_workshop_by_status(app: Flask, runner: FlaskCliRunner) -> None:
    add(app)
    add(app, status=Status.CONTACTED)
    add(app, workshop="tik", status=Status.ACCEPTED)
    result = runner.invoke(args=["enrolments", "count"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "workshop\tnew\tcontacted\taccepted\tdeclined\ttotal",
        "las\t1\t1\t0\t0\t2",
        "tik\t0\t0\t1\t0\t1",
        "total\t1\t1\t1\t0\t3",
    ]


@pytest.mark.postgres
def test_by_ref_counts_enrolments_per_referral_code_and_workshop(
    app: Flask, runner: FlaskCliRunner
) -> None:
    for workshop, referral in [
        ("las", "sp-bekasi"), ("las", "sp-bekasi"), ("tik", "sp-bekasi"),
        ("las", "kspi"), ("tik", None), ("tik", None), ("tik", None),
    ]:  # fmt: skip
        add(app, workshop=workshop, referral=referral)
    result = runner.invoke(args=["enrolments", "by-ref"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ref\tlas\ttik\ttotal",
        "kspi\t1\t0\t1",
        "sp-bekasi\t2\t1\t3",
        "(none)\t0\t3\t3",
        "total\t3\t4\t7",
    ]


def test_by_ref_with_no_enrolments_prints_an_empty_table(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["enrolments", "by-ref"])
    assert result.output.splitlines() == ["ref\ttotal", "total\t0"]
