"""Apps with settings of their own, for tests that need more than the `app` fixture."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from bangkit import create_app
from support.paths import FIXTURE_CONTENT


def app_with(tmp_path: Path, **config: object) -> Flask:
    """The app on the fixture content and SQLite in tmp_path, with some settings changed."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "CONTENT_DIR": str(FIXTURE_CONTENT),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            **config,
        }
    )
