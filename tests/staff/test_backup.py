"""`flask db-backup FILE`: SQLite's online backup, whole and checked."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.enrol.models import Enrolment
from bangkit.extensions import db
from support.enrolments import PRIVATE_ANSWERS


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
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.slow)], indirect=True
)
def test_postgresql_is_pointed_to_its_own_tools(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["db-backup", str(tmp_path / "x.sqlite")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output
    assert not (tmp_path / "x.sqlite").exists()
