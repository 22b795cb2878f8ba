"""Retention: `flask enrolments purge` deletes what is past the period the privacy pages state."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from bangkit.database import db
from bangkit.enrol.models import Enrolment
from bangkit.staff.models import StatusChange
from bangkit.staff.retention import months_before
from support.enrolments import add_enrolment
from support.staff import add_staff, at, post, sign_in


@pytest.mark.parametrize(
    ("now", "months", "then"),
    [
        (dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC), 12, dt.datetime(2025, 11, 28, 9, 30)),
        (dt.datetime(2026, 3, 31, tzinfo=dt.UTC), 1, dt.datetime(2026, 2, 28)),
        (dt.datetime(2028, 3, 31, tzinfo=dt.UTC), 1, dt.datetime(2028, 2, 29)),
        (dt.datetime(2026, 1, 15, tzinfo=dt.UTC), 13, dt.datetime(2024, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(
    now: dt.datetime, months: int, then: dt.datetime
) -> None:
    assert months_before(now, months) == then.replace(tzinfo=dt.UTC)


@pytest.mark.postgres
def test_purge_deletes_exactly_the_enrolments_past_the_retention_period(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    year_ago = months_before(dt.datetime.now(dt.UTC), 12)
    old = add_enrolment(app, full_name="Lama", updated_at=year_ago - dt.timedelta(minutes=5))
    add_enrolment(app, full_name="Sangat Lama", updated_at=at(800), created_at=at(900))
    add_enrolment(app, full_name="Hampir", updated_at=year_ago + dt.timedelta(minutes=5))
    add_enrolment(app, full_name="Baru", created_at=at(400), updated_at=at(3))
    add_staff(app)
    sign_in(client)
    post(client, f"/staf/pendaftaran/{old}/", status="declined", note="tidak jadi")
    with app.app_context():  # the note was written long ago: the enrolment is still old
        db.session.execute(
            db.update(Enrolment)
            .filter_by(reference=old)
            .values(updated_at=year_ago - dt.timedelta(days=1))
        )
        db.session.commit()

    dry = runner.invoke(args=["enrolments", "purge", "--dry-run"])
    assert dry.exit_code == 0 and "would delete 2 enrolments" in dry.output
    assert _names(app) == ["Baru", "Hampir", "Lama", "Sangat Lama"]

    result = runner.invoke(args=["enrolments", "purge"])
    assert result.exit_code == 0 and "deleted 2 enrolments unchanged for 12 months" in result.output
    assert _names(app) == ["Baru", "Hampir"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(StatusChange.id))) == 0
    assert "deleted 0 enrolments" in runner.invoke(args=["enrolments", "purge"]).output

    app.config["RETENTION_MONTHS"] = 2  # a shorter period, set in the configuration
    assert "deleted 1 enrolments" in runner.invoke(args=["enrolments", "purge"]).output
    assert _names(app) == ["Baru"]


def _names(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(db.select(Enrolment.full_name)))


def test_the_privacy_page_states_the_retention_period(real_app: Flask) -> None:
    months = real_app.config["RETENTION_MONTHS"]
    client = real_app.test_client()
    indonesian = client.get("/privasi/").get_data(as_text=True)
    english = client.get("/en/privacy/").get_data(as_text=True)
    assert f"{months} bulan" in indonesian and f"{months} months" in english
