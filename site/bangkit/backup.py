"""`flask db-backup FILE`: a consistent copy of the SQLite database, taken while the site runs."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import click
from flask.cli import with_appcontext

from bangkit.db import db


def backup(source: Path, target: Path) -> int:
    """Copy the database at `source` to `target` with SQLite's online backup; return its pages.

    One step copies every page inside one read transaction: with WAL, the site keeps writing
    meanwhile, and the copy is the database as it was at one instant. It is written beside
    `target` and renamed, so `target` is never a half-written file.
    """
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    target_db = sqlite3.connect(partial)
    try:
        source_db.backup(target_db, pages=-1)
        # A single file, whole by itself: no -wal beside it to lose when it is copied away.
        target_db.execute("PRAGMA journal_mode=DELETE")
        problems = target_db.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise click.ClickException(f"the copy fails its integrity check: {problems}")
        pages = target_db.execute("PRAGMA page_count").fetchone()[0]
    finally:
        source_db.close()
        target_db.close()
    os.replace(partial, target)
    return pages


@click.command("db-backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def command(file: Path) -> None:
    """Copy the SQLite database to FILE, safely while the site is running."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.UsageError("for PostgreSQL use its own tools: pg_dump (README, Deploying)")
    pages = backup(Path(url.database), file)
    with closing(sqlite3.connect(file)) as copy:
        rows = copy.execute("SELECT count(*) FROM enrolment").fetchone()[0]
    click.echo(f"copied {pages} pages ({rows} enrolments) to {file}")
