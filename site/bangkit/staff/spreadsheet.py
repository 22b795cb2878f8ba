"""Enrolments as CSV that opens safely in a spreadsheet: the staff pages' and the command's."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

from bangkit.clock import in_wib
from bangkit.enrol.models import Enrolment
from bangkit.staff.phones import dialled

COLUMNS = (
    "reference",
    "created_at",
    "workshop",
    "full_name",
    "phone",
    "email",
    "birth_year",
    "education",
    "city",
    "laid_off",
    "jkp",
    "union_name",
    "referral",
    "lang",
    "consent_at",
    "consent_version",
    "status",
)
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The text of a cell, with a leading apostrophe if a spreadsheet would run it as a formula.

    '=HYPERLINK("http://evil.example","click")' becomes "'=HYPERLINK(...)": shown, never run.
    """
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, dt.datetime):
        text = in_wib(value).isoformat(timespec="seconds")
    else:
        text = str(getattr(value, "value", value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def phone_cell(value: object) -> str:
    """A number as dialled, 0812-3456-7890: readable, and safe with no apostrophe in front.

    Anything that does not come out as digits and dashes after a 0 gets the formula guard.
    """
    return dialled(str(value or "")) or neutralise(value)


CELLS = {"phone": phone_cell}  # columns written their own way; every other cell: neutralise


def write_csv(enrolments: Iterable[Enrolment], out: TextIO) -> int:
    """Write a header and one row per enrolment; return the number of rows.

    Open `out` with encoding="utf-8-sig" (a BOM, so Excel reads the names right) and newline="".
    """
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    cells = [(name, CELLS.get(name, neutralise)) for name in COLUMNS]
    rows = [[cell(getattr(row, name)) for name, cell in cells] for row in enrolments]
    writer.writerows(rows)
    return len(rows)
