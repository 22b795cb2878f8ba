"""`flask db-backup FILE`: SQLite's online backup, or pg_dump; whole, checked, restorable."""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from bangkit import create_app
from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.staff.backup import libpq_environment, pg_program
from bangkit.staff.models import StatusChange
from support.deploy import environment, upgrade
from support.enrolments import PRIVATE_ANSWERS, add_enrolment
from support.paths import FIXTURE_CONTENT
from support.pg import Server
from support.staff import add_staff


def _rows(database: Path) -> list[tuple]:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute("SELECT reference, phone FROM enrolment ORDER BY id").fetchall()


def test_the_copy_holds_every_row_in_one_file(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    for phone in ("081211110001", "081211110002", "081211110003"):
        assert (
            client.post("/daftar/las/", data={**PRIVATE_ANSWERS, "phone": phone}).status_code == 303
        )
    copy = tmp_path / "backups" / "bangkit-2026-11-28.sqlite"
    copy.parent.mkdir()
    result = app.test_cli_runner().invoke(args=["db-backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert "(3 enrolments)" in result.output
    with app.app_context():
        stored = [(r.reference, r.phone) for r in db.session.scalars(db.select(Enrolment))]
    assert _rows(copy) == stored
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]  # no -wal, no .partial
    assert copy.stat().st_mode & 0o777 == 0o600  # it holds personal data
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def _tables(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of a PostgreSQL database, in a fixed order."""
    with psycopg.connect(url) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }


@pytest.mark.slow
def test_a_postgresql_backup_restores_into_a_fresh_server_with_every_row(
    postgres_server: Server, tmp_path: Path
) -> None:
    source = postgres_server.database()
    # The real schema and its version, made as a deployment makes them (in its own process:
    # Alembic's logging set-up would silence this one's loggers).
    upgrade(environment(source, tmp_path))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "CONTENT_DIR": str(FIXTURE_CONTENT)}
        | {"DATABASE_URL": source}
    )
    runner = app.test_cli_runner()
    client = app.test_client()
    for phone in ("081211110001", "081211110002", "081211110003"):
        sent = client.post("/daftar/las/", data={**PRIVATE_ANSWERS, "phone": phone})
        assert sent.status_code == 303
    add_enrolment(app, full_name='Baris\nbaru, "dikutip"\t\\ Ωmega 김')  # what COPY escapes
    add_staff(app)
    with app.app_context():
        first = db.session.scalar(db.select(Enrolment))
        db.session.add(
            StatusChange(
                enrolment_id=first.id,
                staff_name="siti",
                from_status=Status.NEW,
                to_status=Status.CONTACTED,
                note="Sudah ditelepon;\nakan datang Senin",
            )
        )
        db.session.commit()

    copy = tmp_path / "backups" / "bangkit-2026-11-28.dump"
    copy.parent.mkdir()
    result = runner.invoke(args=["db-backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert "(4 enrolments)" in result.output and result.output.startswith("dumped ")
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]  # no .partial left
    assert copy.stat().st_mode & 0o777 == 0o600  # it holds personal data
    assert copy.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format

    fresh = Server()
    fresh.start()
    try:
        target = fresh.database("restored")
        restore = subprocess.run(
            [str(pg_program("pg_restore")), "--no-owner", f"--dbname={target}", str(copy)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert restore.returncode == 0, restore.stderr
        before, after = _tables(source), _tables(target)
        assert {"alembic_version", "enrolment", "staff_user", "status_change"} <= set(after)
        assert len(after["enrolment"]) == 4 and len(after["status_change"]) == 1
        assert after == before
    finally:
        fresh.stop()
        with app.app_context():
            db.engine.dispose()
        postgres_server.drop(source)


@pytest.mark.slow
def test_a_failed_dump_says_why_and_leaves_no_file(postgres_server: Server, tmp_path: Path) -> None:
    nowhere = postgres_server.url("no_such_database")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": nowhere})
    result = app.test_cli_runner().invoke(args=["db-backup", str(tmp_path / "x.dump")])
    assert result.exit_code != 0
    assert "pg_dump failed:" in result.output and "no_such_database" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_password_reaches_pg_dump_in_its_environment_not_its_arguments() -> None:
    url = make_url("postgresql+psycopg://bangkit:s3cret@db.example:6543/bangkit?sslmode=require")
    env = libpq_environment(url)
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"]) == ("db.example", "6543", "bangkit")
    assert (env["PGPASSWORD"], env["PGDATABASE"], env["PGSSLMODE"]) == (
        "s3cret",
        "bangkit",
        "require",
    )
