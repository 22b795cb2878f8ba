"""Nothing is lost: concurrent enrolments, duplicates racing, a crash, a backup under load.

gunicorn with site/deploy/gunicorn.conf.py and 2 workers, on 127.0.0.1, on SQLite and
PostgreSQL. Bounded: 800 enrolments at most per test, a few seconds each.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support.deploy import BIN, Gunicorn, environment, gunicorn, query, request, upgrade, wait_for
from support.enrolments import PRIVATE_ANSWERS

pytestmark = [pytest.mark.slow, pytest.mark.postgres]  # gunicorn, on SQLite and PostgreSQL
CLIENTS, EACH = 8, 100
REFERENCE = re.compile(r"/terima-kasih/([A-Z2-9]{4}-[A-Z2-9]{4})/$")


@pytest.fixture
def env(db_url: str, redis_url: str, tmp_path: Path) -> dict[str, str]:
    """A deployment's environment, its tables made by `flask db upgrade`; no rate limit to hit
    (counted in Redis, as several workers must)."""
    env = environment(
        db_url, tmp_path, ENROL_RATE_LIMIT="1000000 per minute", RATELIMIT_STORAGE_URI=redis_url
    )
    upgrade(env)
    return env


def phone(client: int, n: int) -> str:
    return f"0812{client:02d}{n:06d}"


def enrol(base: str, number: str, conn: http.client.HTTPConnection) -> str:
    """Send one enrolment; return the reference of its confirmation (a 303)."""
    status, headers, body = request(
        base, "POST", "/daftar/las/", {**PRIVATE_ANSWERS, "phone": number}, conn
    )
    assert status == 303, (status, body[:300])
    return REFERENCE.search(headers["Location"]).group(1)


def connection(base: str) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)


def in_parallel(count: int, job: Callable[[int], object]) -> list:
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(job, range(count)))


def assert_clean(server: Gunicorn) -> None:
    log = server.text()
    assert "database is locked" not in log
    assert "Traceback" not in log and not re.search(r" 5\d\d \d+ \d+ms$", log, re.M), log[-3000:]


def test_eight_clients_enrol_eight_hundred_people(env: dict, db_url: str, tmp_path: Path) -> None:
    with gunicorn(env, tmp_path) as server:

        def client(c: int) -> list[str]:
            conn = connection(server.base)
            try:
                return [enrol(server.base, phone(c, n), conn) for n in range(EACH)]
            finally:
                conn.close()

        answered = [ref for refs in in_parallel(CLIENTS, client) for ref in refs]
        assert_clean(server)
    rows = query(db_url, "SELECT reference, phone FROM enrolment")
    assert len(rows) == CLIENTS * EACH == len({ref for ref, _ in rows})
    assert sorted(answered) == sorted(ref for ref, _ in rows)
    assert {p for _, p in rows} == {f"+62{phone(c, n)[1:]}" for c in range(8) for n in range(EACH)}


def test_the_same_person_sent_eight_times_at_once_is_one_row(
    env: dict, db_url: str, tmp_path: Path
) -> None:
    people = 5
    with gunicorn(env, tmp_path) as server:
        start = threading.Barrier(CLIENTS)

        def client(_c: int) -> list[str]:
            refs = []
            for person in range(people):
                start.wait(timeout=30)  # all eight send the same form at the same moment
                refs.append(enrol(server.base, phone(99, person), connection(server.base)))
            return refs

        in_parallel(CLIENTS, client)  # every one of the 40 answers is a confirmation
        assert_clean(server)
    rows = query(db_url, "SELECT phone, count(*) FROM enrolment GROUP BY phone")
    assert sorted(rows) == [(f"+62{phone(99, p)[1:]}", 1) for p in range(people)]


def _load(server: Gunicorn, confirmed: dict[str, str], stop: threading.Event) -> list:
    """Four clients enrolling new people until `stop` or until the server is gone."""

    def client(c: int) -> None:
        conn = connection(server.base)
        n = 0
        while not stop.is_set():
            number = phone(50 + c, n)
            try:
                confirmed[number] = enrol(server.base, number, conn)
            except (OSError, http.client.HTTPException):
                return  # the server was killed under this request: no confirmation came
            n += 1

    threads = [threading.Thread(target=client, args=(c,)) for c in range(4)]
    for thread in threads:
        thread.start()
    return threads


def test_a_crash_loses_no_confirmed_enrolment(env: dict, db_url: str, tmp_path: Path) -> None:
    confirmed: dict[str, str] = {}
    stop = threading.Event()
    with gunicorn(env, tmp_path) as server:
        threads = _load(server, confirmed, stop)
        wait_for(lambda: len(confirmed) >= 150, what="150 confirmations")
        server.kill()  # SIGKILL, master and workers, in the middle of the load
        for thread in threads:
            thread.join(timeout=30)
    stop.set()
    assert len(confirmed) >= 150

    with gunicorn(env, tmp_path) as again:  # it starts on what the crash left behind
        assert enrol(again.base, phone(98, 0), connection(again.base))
        assert_clean(again)
    rows = set(query(db_url, "SELECT phone, reference FROM enrolment"))
    missing = {(f"+62{p[1:]}", ref) for p, ref in confirmed.items()} - rows
    assert missing == set()
    assert integrity_problems(db_url) == []


def integrity_problems(db_url: str) -> list:
    """What the database's own checker finds wrong (nothing, we hope)."""
    if db_url.startswith("sqlite"):
        found = query(db_url, "PRAGMA integrity_check")
        return [] if found == [("ok",)] else found + query(db_url, "PRAGMA foreign_key_check")
    # amcheck: every B-tree index is well formed and holds every row of its table.
    query(db_url, "CREATE EXTENSION IF NOT EXISTS amcheck")
    checked = query(
        db_url,
        "SELECT c.relname, bt_index_check(c.oid, true) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
        " WHERE a.amname = 'btree' AND i.indrelid IN"
        " ('enrolment'::regclass, 'staff_user'::regclass, 'status_change'::regclass)",
    )
    assert len(checked) >= 6, checked  # the primary keys, the unique rules, the indexes
    orphans = query(
        db_url,
        "SELECT count(*) FROM status_change s LEFT JOIN enrolment e"
        " ON e.id = s.enrolment_id WHERE e.id IS NULL",
    )
    return [] if orphans == [(0,)] else orphans


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_backup_taken_under_load_is_whole(env: dict, db_url: str, tmp_path: Path) -> None:
    confirmed: dict[str, str] = {}
    stop = threading.Event()
    copies = [tmp_path / f"copy-{n}.sqlite" for n in range(2)]
    with gunicorn(env, tmp_path) as server:
        threads = _load(server, confirmed, stop)
        try:
            for copy in copies:  # each while four clients keep writing
                wait_for(lambda: confirmed, what="enrolments")
                command = [BIN / "flask", "--app", "bangkit", "db-backup", str(copy)]
                subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
            after = len(confirmed)
            wait_for(lambda: len(confirmed) >= after + 20, what="writes after the last copy")
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
        assert_clean(server)
    final = set(query(db_url, "SELECT reference FROM enrolment"))
    sizes = []
    for copy in copies:
        assert integrity_problems(f"sqlite:///{copy}") == []
        backed_up = set(query(f"sqlite:///{copy}", "SELECT reference FROM enrolment"))
        assert backed_up and backed_up <= final
        sizes.append(len(backed_up))
    assert sizes == sorted(sizes) and sizes[-1] < len(final)  # taken while writes went on
