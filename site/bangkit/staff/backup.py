"""A consistent copy of the SQLite database, taken while the site runs (`flask db-backup`)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click


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
