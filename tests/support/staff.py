"""Helpers for the staff tests: accounts, and signing in through the real form.

Enrolments to work on: `support.enrolments.add_enrolment`.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from bangkit.clock import utcnow
from bangkit.database import db
from bangkit.staff.models import StaffUser

PASSWORD = "kopi tubruk pagi hari"
LOGIN = "/staf/masuk/"


def add_staff(app: Flask, name: str = "siti", password: str = PASSWORD) -> None:
    with app.app_context():
        db.session.add(StaffUser(name=name, password_hash=generate_password_hash(password)))
        db.session.commit()


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
