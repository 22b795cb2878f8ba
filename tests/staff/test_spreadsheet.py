"""The CSV read back as a spreadsheet reads it: numbers as dialled with no apostrophe, every
other cell still guarded against formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bangkit.staff.spreadsheet import COLUMNS, FORMULA_STARTS, phone_cell, write_csv
from support.enrolments import add_enrolment
from support.fuzzing import examples
from support.staff import add_staff, sign_in

FORMULA = '=HYPERLINK("http://evil.example","Klik")'


def read_back(text: str) -> list[dict[str, str]]:
    """The rows as a spreadsheet gets them: a CSV reader, after the byte-order mark."""
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def one_row(phone: str) -> dict[str, str]:
    """One enrolment-like row with this stored number, written and read back."""
    row = SimpleNamespace(**dict.fromkeys(COLUMNS, "x"))
    row.phone = phone
    out = io.StringIO(newline="")
    write_csv([row], out)  # type: ignore[list-item]
    [cells] = read_back(out.getvalue())
    return cells


@pytest.mark.postgres
def test_both_exports_write_numbers_as_dialled_and_guard_everything_else(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    add_enrolment(app, full_name=FORMULA, phone="+6281234567890", city="+SUM(A1)")
    add_enrolment(app, full_name="Ni Luh Putu", phone="+6285712345678", union_name="-1")
    # Not a number the form would store: then the cell keeps the guard like any other.
    add_enrolment(app, full_name="Rusak", phone="=cmd|' /C calc'!A0")
    add_staff(app)
    sign_in(client)
    web = client.get("/staf/ekspor.csv").get_data(as_text=True)
    assert runner.invoke(args=["enrolments", "export", str(tmp_path / "out.csv")]).exit_code == 0
    cli = (tmp_path / "out.csv").read_text(encoding="utf-8")
    for text in (web, cli):
        rows = {row["full_name"]: row for row in read_back(text)}
        assert rows["'" + FORMULA]["phone"] == "0812-3456-7890"  # no apostrophe in front
        assert rows["Ni Luh Putu"]["phone"] == "0857-1234-5678"
        assert rows["Rusak"]["phone"] == "'=cmd|' /C calc'!A0"
        assert rows["'" + FORMULA]["city"] == "'+SUM(A1)"  # the guard stays elsewhere
        assert rows["Ni Luh Putu"]["union_name"] == "'-1"
        for row in rows.values():
            assert not row["phone"].startswith(FORMULA_STARTS)


@hypothesis_settings(max_examples=examples(300))
@given(st.integers(min_value=10**7, max_value=10**11 - 1), st.sampled_from(["81", "85", "89"]))
def test_any_stored_mobile_number_reads_back_as_dialled(rest: int, prefix: str) -> None:
    phone = f"+62{prefix}{rest}"
    cell = one_row(phone)["phone"]
    assert not cell.startswith(FORMULA_STARTS)
    digits = cell.replace("-", "")
    if cell.startswith("0"):  # a number phonenumbers can format: as dialled, every digit kept
        assert digits == "0" + phone[3:] and "-" in cell and digits.isdigit()
        with pytest.raises(ValueError):
            float(cell)  # not a number to a spreadsheet either: the leading 0 stays
    else:
        assert cell == "'" + phone  # otherwise guarded, never lost


@hypothesis_settings(max_examples=examples(300))
@given(st.text())
def test_no_phone_cell_can_start_a_formula(stored: str) -> None:
    cell = one_row(stored)["phone"]
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (stored, "'" + stored) or cell.replace("-", "").isdigit()


@pytest.mark.parametrize(
    ("stored", "cell"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+628123456789", "0812-3456-789"),
        ("+62812345678901", "0812-3456-78901"),
        ("+6591234567", "'+6591234567"),  # not Indonesian: kept whole, guarded
        ("", ""),
        ("-0812", "'-0812"),
        ("@0812", "'@0812"),
        ("\t0812-3456", "'\t0812-3456"),
        ("\r0812", "'\r0812"),
    ],
)
def test_phone_cell(stored: str, cell: str) -> None:
    assert phone_cell(stored) == cell
