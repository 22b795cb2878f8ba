"""The database layer: the URL, SQLite's settings for a small server, and both databases working."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bangkit import create_app
from bangkit.database import database_uri, db
from support.paths import FIXTURE_CONTENT


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("postgresql://u@h:5432/d", "postgresql+psycopg://u@h:5432/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////srv/bangkit.sqlite", "sqlite:////srv/bangkit.sqlite"),
    ],
)
def test_database_url_names_the_psycopg_driver(given: str, used: str) -> None:
    app = Flask(__name__)
    app.config["DATABASE_URL"] = given
    assert database_uri(app) == used


def test_without_a_url_the_database_is_sqlite_in_the_instance_folder(tmp_path) -> None:  # noqa: ANN001
    app = Flask(__name__, instance_path=str(tmp_path))
    assert database_uri(app) == f"sqlite:///{tmp_path}/bangkit.sqlite"


@pytest.mark.postgres
def test_the_app_uses_the_database_it_was_given(app: Flask, db_url: str) -> None:
    with app.app_context():
        assert db.engine.dialect.name == db_url.split(":")[0]
        assert db.session.scalar(text("SELECT 1")) == 1


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/from-env.sqlite")
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "CONTENT_DIR": str(FIXTURE_CONTENT)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/from-env.sqlite"


def _pragma(name: str) -> object:
    return db.session.scalar(text(f"PRAGMA {name}"))


# SQLite's own settings: these two run on SQLite only (the default, no `postgres` mark).
def test_sqlite_is_set_up_for_a_small_server(app: Flask) -> None:
    with app.app_context():
        assert _pragma("journal_mode") == "wal"
        assert _pragma("busy_timeout") == 5000
        assert _pragma("foreign_keys") == 1
        assert _pragma("synchronous") == 2  # FULL: a confirmed row survives a power cut


def test_sqlite_settings_hold_on_every_pooled_connection(app: Flask) -> None:
    with app.app_context():
        connections = [db.engine.connect() for _ in range(3)]
        try:
            assert [c.scalar(text("PRAGMA foreign_keys")) for c in connections] == [1, 1, 1]
        finally:
            for connection in connections:
                connection.close()


@pytest.mark.postgres
def test_the_database_refuses_a_row_that_points_nowhere(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        conn.execute(text("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))"))
        with pytest.raises(IntegrityError):  # SQLite checks only with foreign_keys=ON
            conn.execute(text("INSERT INTO child VALUES (42)"))
