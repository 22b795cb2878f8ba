"""The baselines bench/serve measures the site against: separate minimal Flask apps, no hooks.

gunicorn --pythonpath bench 'serve_baselines:bare()'     one route that returns ""
gunicorn --pythonpath bench 'serve_baselines:insert()'   one POST route: one row into SQLite, 303
They import nothing of the project (no settings, extensions, hooks or blueprints): what a request
costs in Flask itself, and what one durable INSERT costs on top. insert() writes to the SQLite file
named by BENCH_SQLITE (bench/serve gives it the site's own database), in a table of its own, with
the site's settings (bangkit/database.py): WAL, busy_timeout 5 s, foreign keys on, synchronous
left at its default, FULL.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

from flask import Flask, redirect, request
from werkzeug.wrappers import Response

TABLE = "bench_insert"


def bare() -> Flask:
    """A Flask app with one route that returns nothing."""
    app = Flask(__name__)

    @app.get("/")
    def index() -> str:
        return ""

    return app


def connect(path: str) -> sqlite3.Connection:
    """A connection with the site's SQLite settings, and the table the route writes to."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA busy_timeout=5000")
    connection.execute("PRAGMA foreign_keys=ON")
    with connection:
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, "
            "phone TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)"
        )
    return connection


def insert(database: str | None = None) -> Flask:
    """A Flask app with one route: POST a form with `phone`, one row is committed, 303."""
    path = database or os.environ["BENCH_SQLITE"]
    connect(path).close()  # the table exists before the first request
    app = Flask(__name__)
    # One connection per worker, opened on its first request (after gunicorn forks), kept open
    # as SQLAlchemy's pool keeps the site's.
    connections: list[sqlite3.Connection] = []
    app.extensions["bench_insert"] = connections  # for a test to close

    @app.post("/")
    def add() -> Response:
        if not connections:
            connections.append(connect(path))
        now = dt.datetime.now(dt.UTC).isoformat()
        with connections[0]:  # commits, or rolls back on an error
            connections[0].execute(
                f"INSERT INTO {TABLE} (phone, created_at) VALUES (?, ?)",
                (request.form["phone"], now),
            )
        return redirect("/", 303)

    return app
