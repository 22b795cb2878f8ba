"""Serving in production: the health check, the proxy's headers, and logs without personal data."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError

from bangkit.enrol.models import Enrolment
from bangkit.extensions import db
from support.apps import app_with
from support.enrolments import PERSONAL, PRIVATE_ANSWERS


@pytest.mark.postgres
def test_the_health_check_answers_ok_when_the_database_does(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


@pytest.mark.postgres
def test_the_health_check_answers_503_when_the_database_is_gone(
    app: Flask, client: FlaskClient, db_url: str, request: pytest.FixtureRequest
) -> None:
    with app.app_context():
        db.engine.dispose()
        database = db.engine.url.database
    if db_url.startswith("sqlite"):
        Path(database).write_bytes(b"this is not a database" * 100)
        response = client.get("/healthz")
    else:
        server = request.getfixturevalue("postgres_server")
        server.drop(db_url)
        response = client.get("/healthz")
        server.database(database)  # for db_url to drop at the end
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unavailable\n"


@pytest.mark.slow
def test_the_health_check_is_not_part_of_the_static_copy(build: Path) -> None:
    assert not (build / "healthz").exists()
    assert not list(build.glob("healthz*"))


def test_behind_one_proxy_the_app_sees_the_clients_scheme_and_address(tmp_path: Path) -> None:
    app = app_with(tmp_path, PROXIES=1)
    seen = {}

    @app.get("/probe")
    def probe() -> str:
        from flask import request

        seen.update(scheme=request.scheme, address=request.remote_addr, host=request.host)
        return "ok"

    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    forwarded["X-Forwarded-Host"] = "bangkit.example"
    response = app.test_client().get("/probe", headers=forwarded)
    assert seen == {"scheme": "https", "address": "203.0.113.7", "host": "bangkit.example"}
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000"


def test_without_a_proxy_forwarded_headers_are_ignored(client: FlaskClient) -> None:
    # A client could send these itself: trusting them would let it dodge the rate limit.
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.postgres
def test_logs_hold_no_personal_data(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert client.post("/daftar/las/", data=PRIVATE_ANSWERS).status_code == 303
    assert client.post("/daftar/las/", data=PRIVATE_ANSWERS).status_code == 303  # a duplicate
    assert (
        client.post("/daftar/las/", data={**PRIVATE_ANSWERS, "birth_year": "x"}).status_code == 422
    )
    # A database error: the row itself would break the unique rule.
    with app.app_context():
        row = db.session.scalars(db.select(Enrolment)).one()
        copy = {c.key: getattr(row, c.key) for c in Enrolment.__table__.columns if c.key != "id"}
        db.session.add(Enrolment(**copy))
        with pytest.raises(IntegrityError) as error:
            db.session.commit()
        db.session.rollback()
        logging.getLogger("bangkit").error("a database error", exc_info=error.value)
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "a database error" in logged and "INSERT INTO enrolment" in logged
    for value in PERSONAL:
        assert value not in logged
