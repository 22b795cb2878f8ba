"""The database: SQLite in the instance folder unless DATABASE_URL; settings every engine gets."""

from __future__ import annotations

import contextlib
import enum
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Enum, MetaData, UniqueConstraint, event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS = Path(__file__).parent / "migrations"
# Every constraint gets a predictable name, so a later migration can name what it changes
# (SQLite's batch mode cannot drop a constraint that has no name).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# The app's SQLAlchemy (Flask-SQLAlchemy), bound to each app in create_app. Here, with the
# rest of the database, not with the other extensions: a freeze never imports it.
db = SQLAlchemy(model_class=Base)


def enum_column(cls: type[enum.Enum], name: str) -> Enum:
    """A VARCHAR with a CHECK constraint, not a native enum type: the same on SQLite and PostgreSQL.

    create_constraint: SQLAlchemy leaves the CHECK out unless asked (since 1.4).
    """
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


@event.listens_for(Engine, "connect")
def sqlite_pragmas(connection: Any, _record: Any) -> None:
    """SQLite settings for a small server, on every new connection.

    WAL: readers never wait for the writer. busy_timeout: a writer waits up to 5 s for another
    instead of failing with "database is locked". foreign_keys: SQLite enforces them only when
    asked. synchronous stays FULL (the default): a confirmed enrolment survives a power cut.
    """
    if not isinstance(connection, sqlite3.Connection):
        return
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "handle_error")
def first_line_only(context: Any) -> None:
    """Keep database error messages to their first line, which names the rule that failed.

    PostgreSQL adds lines that quote the data ("DETAIL: Key (phone, workshop)=(+62…, las)",
    "Failing row contains (…)"): they would carry a reader's number into the logs.
    (hide_parameters, below, keeps the statement's values out the same way.)
    """
    for error in (context.original_exception, context.sqlalchemy_exception):
        if error is not None and error.args and isinstance(error.args[0], str):
            error.args = (error.args[0].strip().split("\n", 1)[0], *error.args[1:])


# The queue's lock file of each SQLite database, by process: a descriptor opened before a fork
# would be shared with the child, and a lock on it would not keep the two apart.
_QUEUES: dict[tuple[int, str], int] = {}


def _queue(url: URL) -> int | None:
    """The descriptor of the database's queue; None for one that is not a SQLite file, or
    whose folder takes no new file (then SQLite's own error tells the reader)."""
    path = url.database if url.get_backend_name() == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    key = (os.getpid(), path)
    if key not in _QUEUES:
        try:
            _QUEUES[key] = os.open(path + "-writers", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None
    return _QUEUES[key]


@contextlib.contextmanager
def one_writer_at_a_time(url: URL) -> Iterator[None]:
    """On SQLite, wait here, in a queue the operating system keeps, until no other process
    that queues here is writing; elsewhere, go on.

    SQLite lets one connection write at a time. One that finds the database locked polls for
    it: sqlite3's busy handler sleeps 1 ms, then 2, 5, 10 and more, even when the other has
    committed a tenth of a millisecond later. A writer waiting on this lock (flock, on a file
    beside the database) wakes as soon as the one before it is done. SQLite's own locks still
    decide who writes; this only orders the waiting, so a process that does not queue (a
    staff page, a migration) is safe, and so are the threads of `flask run` (one process's
    threads share its lock). A writer in the queue waits for those ahead of it; each of them
    waits for SQLite's lock at most busy_timeout, as before. The file holds nothing.
    """
    queue = _queue(url)
    if queue is None:
        yield
        return
    fcntl.flock(queue, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(queue, fcntl.LOCK_UN)


# PostgreSQL's codes for the rules a write can break, in SQLite's words.
SQLSTATES = {"23502": "NOT NULL", "23503": "FOREIGN KEY", "23505": "UNIQUE", "23514": "CHECK"}


def broken_rule(error: IntegrityError) -> str:
    """The rule a write broke, named the same on SQLite and PostgreSQL, and never the data.

    The constraint's name ("uq_enrolment_phone_workshop") when there is one (SQLite names a
    unique rule by its columns: they are matched to the rule's name here); else the kind of
    rule and its column ("NOT NULL enrolment.phone"), or the driver's error name.
    """
    orig = error.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:  # PostgreSQL (psycopg)
        if diag.constraint_name:
            return str(diag.constraint_name)
        state = getattr(orig, "sqlstate", None) or "?"
        where = ".".join(part for part in (diag.table_name, diag.column_name) if part)
        return f"{SQLSTATES.get(state, 'SQLSTATE ' + state)} {where}".strip()
    message = str(orig.args[0]) if orig is not None and orig.args else ""
    kind, _, where = message.partition(" constraint failed: ")
    if not where:  # a trigger's RAISE: its own words, which could be anything
        return str(getattr(orig, "sqlite_errorname", type(orig).__name__))
    if kind == "CHECK":
        return where
    if kind == "UNIQUE":
        columns = [name.strip() for name in where.split(",")]
        for table in Base.metadata.tables.values():
            for rule in table.constraints:
                if not isinstance(rule, UniqueConstraint):
                    continue
                if [f"{table.name}.{column}" for column in rule.columns.keys()] == columns:
                    return str(rule.name)
    return f"{kind} {where}"


def database_uri(app: Flask) -> str:
    """DATABASE_URL, with PostgreSQL pointed at the psycopg 3 driver; else SQLite in instance/."""
    url = app.config.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "bangkit.sqlite")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def configure(app: Flask) -> None:
    """Point Flask-SQLAlchemy at the database; `flask db upgrade` creates and updates the tables."""
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    # hide_parameters: a database error in the log shows the SQL but never what a reader typed.
    # pool_pre_ping: a server may have closed a pooled connection; a SQLite file cannot, and
    # the ping would be one more statement before every enrolment's INSERT.
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    options = {"pool_pre_ping": not sqlite, "hide_parameters": True}
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", options)
    if not app.config["FREEZING"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # for SQLite's file
