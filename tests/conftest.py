"""Shared fixtures in the style of Flask's tutorial: app, client, runner, and a frozen build."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

import pg
from bangkit import create_app
from bangkit.extensions import db

# Most tests exercise the enrolment form, which a copy of the site only has when it names who
# runs it (bangkit/operator.py). Tests of a copy that names nobody set OPERATOR_NAME to None.
# The environment reaches every app, and the servers some tests start.
os.environ.setdefault("BANGKIT_OPERATOR_NAME", "Serikat Pekerja Uji")
os.environ.setdefault("BANGKIT_OPERATOR_CONTACT", "bangkit@uji.example")

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
def postgres() -> Iterator[pg.Server]:
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
    server = request.getfixturevalue("postgres")
    url = server.database()
    yield url
    server.drop(url)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every database test twice, on SQLite and on PostgreSQL.

    A database test is one marked `db`, or in a module that imports the database or a model.
    """
    if "db_url" not in metafunc.fixturenames:
        return
    if any("db_url" in m.args[0] for m in metafunc.definition.iter_markers("parametrize")):
        return  # the test chooses its databases itself
    if metafunc.definition.get_closest_marker("db") or _uses_database(metafunc.module):
        metafunc.parametrize("db_url", DATABASES, indirect=True)


DATABASES = ["sqlite", "postgresql"]


def _uses_database(module: ModuleType) -> bool:
    for value in vars(module).values():
        if value is db or (isinstance(value, type) and issubclass(value, db.Model)):
            return True
        if isinstance(value, ModuleType) and value.__name__ in {
            "bangkit.extensions",
            "bangkit.enrol.models",
            "bangkit.staff.models",
        }:
            return True
    return False


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
