"""`flask staff create|reset|remove`: staff accounts from the command line."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from bangkit.database import db
from bangkit.staff.models import StaffUser, StatusChange
from support.enrolments import add_enrolment
from support.staff import add_staff, post, sign_in

NEW_PASSWORD = "teh manis di warung"


@pytest.mark.postgres
def test_create_asks_for_the_password_twice_and_keeps_only_a_hash(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    typed = f"short\nshort\n{NEW_PASSWORD}\n{NEW_PASSWORD}x\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = runner.invoke(args=["staff", "create", "Dewi"], input=typed)
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output
    assert "do not match" in result.output
    assert NEW_PASSWORD not in result.output  # hidden as it is typed
    assert "created dewi" in result.output
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser))
        assert user.name == "dewi" and user.password_hash.startswith("scrypt:")
        assert NEW_PASSWORD not in user.password_hash
    assert sign_in(client, name="Dewi", password=NEW_PASSWORD).status_code == 303
    again = runner.invoke(args=["staff", "create", "dewi"], input=typed)
    assert again.exit_code != 0 and "exists already" in again.output
    bad = runner.invoke(args=["staff", "create", "<b>"], input=typed)
    assert bad.exit_code != 0


@pytest.mark.postgres
def test_reset_sets_a_new_password_unlocks_and_ends_sessions(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    add_staff(app)
    sign_in(client)
    with app.app_context():
        db.session.execute(
            db.update(StaffUser).values(
                failed_logins=9, locked_until=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
            )
        )
        db.session.commit()
    result = runner.invoke(args=["staff", "reset", "siti"], input=f"{NEW_PASSWORD}\n" * 2)
    assert result.exit_code == 0 and "reset siti" in result.output
    assert client.get("/staf/").status_code == 302  # the old session has ended
    assert sign_in(client, password=NEW_PASSWORD).status_code == 303
    missing = runner.invoke(args=["staff", "reset", "nobody"], input=f"{NEW_PASSWORD}\n" * 2)
    assert missing.exit_code != 0 and "no staff account named nobody" in missing.output


@pytest.mark.postgres
def test_remove_ends_the_account_and_keeps_its_history(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    add_staff(app)
    reference = add_enrolment(app)
    sign_in(client)
    post(client, f"/staf/pendaftaran/{reference}/", status="contacted")
    assert runner.invoke(args=["staff", "remove", "siti"]).exit_code == 0
    assert client.get("/staf/").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(StaffUser)) is None
        assert db.session.scalar(db.select(StatusChange.staff_name)) == "siti"
