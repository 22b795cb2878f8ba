"""Shared fixtures in the style of Flask's tutorial: app, client, runner, and a frozen build.

A test marked `postgres` (declared in pyproject.toml) also runs on PostgreSQL: its `db_url` is
parametrized "sqlite" and "postgresql", and the PostgreSQL variant is `slow` (it needs the
server). Without the marker a test runs on SQLite only. Mark what has SQL behaviour worth
checking on both: constraints, unique indexes, migrations, time zones, LIKE, grouping, deletion,
concurrency.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

import pg
from bangkit import create_app
from bangkit.extensions import db

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURE_CONTENT = HERE / "content"
REAL_CONTENT = ROOT / "content"


@pytest.fixture
def app(tmp_path: Path, db_url: str) -> Iterator[Flask]:
    """The app on the small fixture content tree (and a fresh database: see db_url)."""
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(FIXTURE_CONTENT),
            "SECRET_KEY": "test",
            "BUILD_DIR": str(tmp_path / "build"),
            "DATABASE_URL": db_url,
        }
    )
    with app.app_context():
        db.create_all()  # tests start from an empty database; test_migrations checks the schema
    yield app
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()  # before db_url drops the database under it


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg.Server]:
    """A real PostgreSQL server for the whole run; in CI (CI=true) it must start, never skip."""
    server = pg.Server()
    try:
        server.start()
    except RuntimeError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server: {error}")
    yield server
    server.stop()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite in tmp_path, or (param "postgresql") a new PostgreSQL one."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite:///{tmp_path / 'bangkit.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.database()
    yield url
    server.drop(url)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `postgres` runs twice: on SQLite, and (slow) on PostgreSQL."""
    if "db_url" not in metafunc.fixturenames:
        return  # no database (a module-wide mark also reaches such tests)
    if not metafunc.definition.get_closest_marker("postgres"):
        return
    if any("db_url" in m.args[0] for m in metafunc.definition.iter_markers("parametrize")):
        return  # the test chooses its databases itself
    metafunc.parametrize(
        "db_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)], indirect=True
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def real_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app on the real content in content/."""
    database = tmp_path_factory.mktemp("real") / "bangkit.sqlite"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{database}"}
    )
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, frozen once for the whole run."""
    from freeze import freeze

    out = tmp_path_factory.mktemp("frozen") / "build"
    freeze({"BUILD_DIR": str(out), "SECRET_KEY": "test"}, quiet=True)
    return out
