"""Migrations: `flask db upgrade` on an empty database builds exactly the models' schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from bangkit import create_app
from bangkit.database import MIGRATIONS, db
from support.paths import FIXTURE_CONTENT

pytestmark = pytest.mark.postgres
TABLES = {"enrolment", "staff_user", "status_change", "data_access"}


@pytest.fixture
def live(db_url: str) -> Iterator[Flask]:
    """The app as production starts it (not TESTING): it creates no table by itself."""
    app = create_app(
        {"SECRET_KEY": "test", "CONTENT_DIR": str(FIXTURE_CONTENT), "DATABASE_URL": db_url}
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_the_app_itself_creates_no_table(live: Flask) -> None:
    with live.app_context():
        assert _tables() == set()


def test_upgrade_builds_exactly_the_models_schema(live: Flask) -> None:
    result = live.test_cli_runner().invoke(args=["db", "upgrade"])  # the README's command
    assert result.exit_code == 0, result.output
    with live.app_context(), db.engine.connect() as connection:
        assert _tables() == TABLES | {"alembic_version"}
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert context.get_current_revision() == head


def test_the_database_checks_the_fixed_lists_itself(live: Flask) -> None:
    # CHECK constraints are not compared above: prove they are there.
    with live.app_context():
        upgrade()
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO staff_user (name, password_hash, session_token, created_at,"
                    " failed_logins) VALUES ('a', 'x', 't', CURRENT_TIMESTAMP, 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO status_change (enrolment_id, at, staff_name, from_status,"
                    " to_status) VALUES (1, CURRENT_TIMESTAMP, 'a', 'new', 'maybe')"
                )
            )


def test_downgrade_removes_everything_and_upgrade_comes_back(live: Flask) -> None:
    with live.app_context():
        upgrade()
        downgrade(revision="base")
        assert _tables() == {"alembic_version"}
        upgrade()
        assert _tables() == TABLES | {"alembic_version"}


def test_the_migrations_are_one_line_of_history() -> None:
    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    assert len(heads) == 1, f"two branches of migrations: {heads}; run `flask db merge`"
