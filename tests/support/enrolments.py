"""Enrolments for tests: a form as a person sends it, and rows stored directly."""

from __future__ import annotations

import itertools
import re
from html import unescape
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from bangkit.clock import utcnow
from bangkit.database import db
from bangkit.enrol.models import Enrolment, Jkp, Status, new_reference

FORM = "/daftar/las/"
DONE = re.compile(r"^/daftar/las/terima-kasih/([A-Z2-9]{4}-[A-Z2-9]{4})/$")  # its confirmation

# A reader's answers: none of PERSONAL may reach a log line (the serving and deployment tests).
NAME, PHONE, PHONE_E164, EMAIL = "Wulandari Kusumawati", "0812-9876-5432", "6281298765432", "wulan"
PRIVATE_ANSWERS = {
    "full_name": NAME,
    "phone": PHONE,
    "email": "wulan.k@contoh.example",
    "birth_year": "1988",
    "education": "smp",
    "city": "Cikarang Utara",
    "laid_off": "yes",
    "jkp": "yes",
    "union": "SPSI Karawang",
    "consent": "y",
}
PERSONAL = [NAME, "Wulandari", "Kusumawati", "9876", PHONE_E164, EMAIL, "Cikarang", "Karawang"]

_numbers = itertools.count(10_000_000)


def answers(**changes: str | None) -> dict[str, str]:
    """A form a person would send, with some answers changed (None: left out)."""
    data: dict[str, str | None] = {
        "full_name": "Siti Nur'aini",
        "phone": "0812-3456-7890",
        "email": "",
        "birth_year": "1990",
        "education": "sma",
        "city": "Kota Bekasi",
        "laid_off": "yes",
        "jkp": "unknown",
        "union": "",
        "consent": "y",
        "ref": "",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def stored(app: Flask) -> list[Enrolment]:
    """Every enrolment in the database, oldest first."""
    with app.app_context():
        return list(db.session.scalars(db.select(Enrolment).order_by(Enrolment.id)))


def text(response: TestResponse) -> str:
    """A page as a reader sees its text: the body with HTML entities undone."""
    return unescape(response.get_data(as_text=True))


def add_enrolment(app: Flask, **values: Any) -> str:
    """Store an enrolment as the form would (a new phone number each time); return its reference."""
    now = utcnow()
    row = {
        "reference": new_reference(),
        "workshop": "las",
        "full_name": "Budi Santoso",
        "phone": f"+62812{next(_numbers)}",
        "birth_year": 1988,
        "education": "sma",
        "city": "Kota Bekasi",
        "laid_off": True,
        "jkp": Jkp.YES,
        "lang": "id",
        "consent_at": now,
        "consent_version": "2026-11-28",
        "status": Status.NEW,
        "created_at": now,
        "updated_at": now,
        **values,
    }
    with app.app_context():
        db.session.add(Enrolment(**row))
        db.session.commit()
    return row["reference"]
