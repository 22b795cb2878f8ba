"""Shared fixtures in the style of Flask's tutorial (app, client, runner), the frozen builds, the
databases, and the rules that keep `pytest -m "not slow"` a fast loop.

Markers (declared in pyproject.toml):
- `postgres`: the test also runs on PostgreSQL. Its `db_url` is parametrized "sqlite" and
  "postgresql"; the PostgreSQL variant is `slow` (it needs the server). Without the marker a test
  runs on SQLite only. Mark what has SQL behaviour worth checking on both: constraints, unique
  indexes, migrations, time zones, LIKE, grouping, deletion, concurrency.
- `slow`: anything that freezes, starts a server (PostgreSQL, Redis, gunicorn, nginx), Java or a
  browser. A test that asks for one of SLOW_FIXTURES without the marker stops the run (below).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings

from bangkit import create_app
from bangkit.database import db
from support.paths import FIXTURE_CONTENT, FROZEN_SITE_URL
from support.pg import Server
from support.redis_server import Server as RedisServer

# Most tests exercise the enrolment form, which a copy of the site only has when it names who
# runs it (bangkit/operator.py). Tests of a copy that names nobody set OPERATOR_NAME to None.
# The environment reaches every app, and the servers some tests start.
os.environ.setdefault("BANGKIT_OPERATOR_NAME", "Serikat Pekerja Uji")
os.environ.setdefault("BANGKIT_OPERATOR_CONTACT", "bangkit@uji.example")

# Fixtures that freeze the site or start a server or a browser: their users must be `slow`.
SLOW_FIXTURES = {
    "build",
    "fixture_build",
    "postgres_server",
    "redis_server",
    "redis_url",
    "browser",
}


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis profiles: "full" (CI, a plain `pytest`) and "fast" (the `not slow` loop).

    HYPOTHESIS_PROFILE chooses one; without it, a run whose -m expression leaves out slow tests
    is a fast loop. Fuzz tests scale their example counts by the profile (support.fuzzing).
    """
    settings.register_profile("full", max_examples=100)  # Hypothesis's own default
    settings.register_profile("fast", max_examples=10)
    fast_loop = re.search(r"\bnot\s+slow\b", config.getoption("markexpr") or "")
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("fast" if fast_loop else "full"))


@pytest.fixture
def app(tmp_path: Path, db_url: str) -> Iterator[Flask]:
    """The app on the small fixture content tree, with a fresh database (see db_url)."""
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


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


S = TypeVar("S", Server, RedisServer)


def _started(server: S, name: str) -> S:
    """Start a server for the run: in CI (CI=true) it must start; elsewhere its tests skip."""
    try:
        server.start()
    except RuntimeError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no {name} server: {error}")
    return server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A real PostgreSQL server for the whole run; in CI (CI=true) it must start, never skip."""
    server = _started(Server(), "PostgreSQL")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real Redis server for the whole run, where gunicorn's workers count rate limits
    together (the production setup); in CI (CI=true) it must start, never skip."""
    server = _started(RedisServer(), "Redis")
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """RATELIMIT_STORAGE_URI for one test: database 0 of the run's Redis, with no counts from
    earlier tests. (A module's server that outlives one test takes a database of its own.)"""
    redis_server.flush()
    return redis_server.url()


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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse to run a test that freezes, starts a server or a browser without being `slow`."""
    unmarked = []
    for item in items:
        if item.get_closest_marker("slow"):
            continue
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("db_url") == "postgresql"
        needs = SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
        if needs or on_postgres:
            unmarked.append(f"{item.nodeid} ({', '.join(sorted(needs)) or 'PostgreSQL'})")
    if unmarked:
        raise pytest.UsageError("mark these slow:\n  " + "\n  ".join(unmarked))


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
    """The real site, frozen once for the whole run, with the default settings but a public
    address (FROZEN_SITE_URL)."""
    from freeze import freeze

    out = tmp_path_factory.mktemp("frozen") / "build"
    freeze({"BUILD_DIR": str(out), "SECRET_KEY": "test", "SITE_URL": FROZEN_SITE_URL}, quiet=True)
    return out


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content tree (tests/content/), frozen once for the whole run.

    Its own build, not `build`: tests that know the fixture's pages exactly (the table of
    frozen files, its short links and moved pages, its form pages) and the deployment tests,
    whose live app runs on the fixture content, need its static copy to match.
    """
    from freeze import freeze

    out = tmp_path_factory.mktemp("fixture") / "build"
    config = {"BUILD_DIR": str(out), "CONTENT_DIR": str(FIXTURE_CONTENT), "SECRET_KEY": "t"}
    freeze({**config, "SITE_URL": FROZEN_SITE_URL}, quiet=True)
    return out
