"""Backups taken while the site runs (`flask db-backup`): SQLite's online backup, or pg_dump."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from sqlalchemy.engine import URL

# libpq's environment variables for the connection settings a DATABASE_URL may carry in its
# query string (postgresql://…/bangkit?sslmode=require).
LIBPQ = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
}


def backup(source: Path, target: Path) -> int:
    """Copy the database at `source` to `target` with SQLite's online backup; return its pages.

    One step copies every page inside one read transaction: with WAL, the site keeps writing
    meanwhile, and the copy is the database as it was at one instant. It is written beside
    `target` and renamed, so `target` is never a half-written file.
    """
    partial = _partial(target)
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


def pg_program(name: str) -> Path | None:
    """A PostgreSQL client program: Debian keeps them in /usr/lib/postgresql/<version>/bin,
    and the newest dumps and restores servers of its own version and older; else on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version)
    if found:
        return Path(found[-1])
    on_path = shutil.which(name)
    return Path(on_path) if on_path else None


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in Path(path).parts[-3].split(".") if p.isdigit())


def libpq_environment(url: URL) -> dict[str, str]:
    """The connection as libpq's variables: the password stays out of the process list."""
    parts = {
        "PGHOST": url.host,
        "PGPORT": url.port,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    for key, value in url.query.items():
        if key in LIBPQ:
            parts[LIBPQ[key]] = value if isinstance(value, str) else value[-1]
    given = {name: str(value) for name, value in parts.items() if value not in (None, "")}
    return {**os.environ, **given}


def pg_backup(url: URL, target: Path) -> int:
    """Dump the PostgreSQL database at `url` to `target` (pg_dump's custom format, one
    consistent snapshot, compressed); return how many enrolments it holds.

    The dump is read back with pg_restore to count them, so a dump that cannot be restored
    fails here rather than on the day it is needed. Written beside `target` and renamed.
    """
    pg_dump, pg_restore = pg_program("pg_dump"), pg_program("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise click.ClickException("pg_dump is not installed: apt-get install postgresql-client")
    partial = _partial(target)
    env = libpq_environment(url)
    try:
        _run([pg_dump, "--format=custom", f"--file={partial}"], env)
        data = _run([pg_restore, "--data-only", "--table=enrolment", "--file=-", partial], env)
        lines = data.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("COPY ")]
        if len(starts) != 1 or "\\." not in lines[starts[0] :]:
            raise click.ClickException("the dump holds no enrolment table")
        rows = lines[starts[0] + 1 :].index("\\.")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return rows


def _partial(target: Path) -> Path:
    """Where a copy is written before it is whole: beside `target`, readable by its owner only
    (it holds personal data)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    return partial


def _run(command: list[object], env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(part) for part in command], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        # pg_dump's messages name the database and the problem, never the rows.
        raise click.ClickException(f"{Path(str(command[0])).name} failed: {done.stderr.strip()}")
    return done.stdout
