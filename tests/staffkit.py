"""Helpers for the staff tests: accounts, enrolments and signing in through the real form."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from bangkit.clock import utcnow
from bangkit.enrol.models import Enrolment, Jkp, Status, new_reference
from bangkit.extensions import db
from bangkit.staff.models import StaffUser

PASSWORD = "kopi tubruk pagi hari"
LOGIN = "/staf/masuk/"
_numbers = itertools.count(10_000_000)


def add_staff(app: Flask, name: str = "siti", password: str = PASSWORD) -> None:
    with app.app_context():
        db.session.add(StaffUser(name=name, password_hash=generate_password_hash(password)))
        db.session.commit()


def add_enrolment(app: Flask, **values: Any) -> str:
    """Store an enrolment as the form would; return its reference."""
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


def at(days_ago: float, hour: int = 12) -> dt.datetime:
    """A time `days_ago` days before today, at `hour` o'clock UTC."""
    today = utcnow().replace(hour=hour, minute=0, second=0, microsecond=0)
    return today - dt.timedelta(days=days_ago)


def token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the first form on a page."""
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html).group(1)


def sign_in(
    client: FlaskClient, name: str = "siti", password: str = PASSWORD, url: str = LOGIN
) -> TestResponse:
    data = {"csrf_token": token(client, url), "name": name, "password": password}
    return client.post(url, data=data)


def post(client: FlaskClient, url: str, **data: str) -> TestResponse:
    """Send a form from `url` to itself, with that page's token."""
    return client.post(url, data={"csrf_token": token(client, url), **data})
