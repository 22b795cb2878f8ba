"""Shared fixtures in the style of Flask's tutorial: app, client, runner, and a frozen build."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from bangkit import create_app

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURE_CONTENT = HERE / "content"
REAL_CONTENT = ROOT / "content"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    """The app on the small fixture content tree."""
    return create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(FIXTURE_CONTENT),
            "SECRET_KEY": "test",
            "BUILD_DIR": str(tmp_path / "build"),
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def real_app() -> Flask:
    """The app on the real content in content/."""
    return create_app({"TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, frozen once for the whole run."""
    from freeze import freeze

    out = tmp_path_factory.mktemp("frozen") / "build"
    freeze({"BUILD_DIR": str(out), "SECRET_KEY": "test"}, quiet=True)
    return out
