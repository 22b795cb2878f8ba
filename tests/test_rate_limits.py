"""Rate limits hold across gunicorn's workers: counted in Redis, as the README's production setup
does; and with several workers and limits counted in memory, gunicorn refuses to start.

3 workers of site/deploy/gunicorn.conf.py on SQLite, with a real redis-server (conftest.py).
Every request comes on a new connection from 127.0.0.1, so any worker may take it; the access log
names the worker (%(p)s) that answered each.
"""

from __future__ import annotations

import http.client
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from bangkit import create_app
from bangkit.database import db
from bangkit.ratelimit import check_shared_limits
from support.deploy import environment, gunicorn, start_gunicorn, upgrade, wait_for
from support.enrolments import PRIVATE_ANSWERS
from support.paths import FIXTURE_CONTENT
from support.redis_server import Server as RedisServer

WORKERS = 3
# gunicorn.conf.py's access log, and the worker's process id.
ACCESS_LOG = ["--access-logformat", "%(m)s %(U)s %(s)s %(B)s %(M)sms worker=%(p)s"]


def _post(base: str, path: str, form: dict[str, str], cookie: str = "") -> int:
    """One POST on a new connection: its status."""
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    try:
        conn.request("POST", path, body=urlencode(form), headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _together(count: int, send: Callable[[int], int], first: int = 0) -> list[int]:
    """Requests first … first+count-1 at once (so that several workers take them): statuses."""
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(send, range(first, first + count)))


def _workers(log: str, path: str, status: int) -> Counter[str]:
    """How many answers of `status` to POST `path` each worker gave, from the access log."""
    pattern = rf"^POST {re.escape(path)} {status} \d+ \d+ms worker=<(\d+)>$"
    return Counter(re.findall(pattern, log, re.M))


def _until_every_worker_refused(
    send: Callable[[int], int], log: Callable[[], str], path: str, first: int
) -> int:
    """Send more, a few at once, until each worker has answered 429 (every answer must be 429);
    return how many were sent."""
    sent = 0
    while len(_workers(log(), path, 429)) < WORKERS:
        assert sent < 60, f"not every worker took a request: {_workers(log(), path, 429)}"
        assert _together(WORKERS, send, first + sent) == [429] * WORKERS
        sent += WORKERS
    return sent


@pytest.fixture
def env(redis_url: str, tmp_path: Path) -> dict[str, str]:
    """The production setup's settings: SQLite, rate limits in Redis (default limits)."""
    env = environment(
        f"sqlite:///{tmp_path / 'bangkit.sqlite'}", tmp_path, RATELIMIT_STORAGE_URI=redis_url
    )
    upgrade(env)
    return env


@pytest.mark.slow
def test_the_21st_enrolment_in_a_minute_is_refused_whichever_worker_takes_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = "/daftar/las/"

    def enrol(n: int) -> int:
        return _post(server.base, path, {**PRIVATE_ANSWERS, "phone": f"08129{n:07d}"})

    with gunicorn(env, tmp_path, WORKERS, *ACCESS_LOG) as server:
        # 20 per minute (ENROL_RATE_LIMIT): 20 forms, five at a time, all kept.
        for first in range(0, 20, 5):
            assert _together(5, enrol, first) == [303] * 5
        assert enrol(20) == 429  # the 21st
        more = _until_every_worker_refused(enrol, server.text, path, 21)
        log = wait_for(lambda: len(re.findall(" 429 ", server.text())) > more and server.text())
    # Counted together, not per worker: every worker refused its first request after the 20th
    # (_until_every_worker_refused), however the 20 were shared out, even one that took none of
    # them (a fast worker may take them all, accepting the next connection before the other
    # wakes up).
    assert sum(_workers(log, path, 303).values()) == 20
    assert len(_workers(log, path, 429)) == WORKERS


@pytest.mark.slow
def test_the_11th_failed_staff_sign_in_is_refused_whichever_worker_takes_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = "/staf/masuk/"
    with gunicorn(env, tmp_path, WORKERS, *ACCESS_LOG) as server:
        conn = http.client.HTTPConnection(urlsplit(server.base).netloc, timeout=30)
        conn.request("GET", path)
        page = conn.getresponse()
        html = page.read().decode()
        cookie = page.getheader("Set-Cookie", "").split(";", 1)[0]
        conn.close()
        token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html).group(1)
        wrong = {"csrf_token": token, "name": "nobody", "password": "not the password"}

        def sign_in(_: int) -> int:
            return _post(server.base, path, wrong, cookie)

        # 10 failed sign-ins per 15 minutes (LOGIN_RATE_LIMIT): three at a time, then one
        # (a sign-in is refused before its password is tried, so no more than 10 may race).
        for first in range(0, 9, 3):
            assert _together(3, sign_in, first) == [422] * 3
        assert sign_in(9) == 422
        assert sign_in(10) == 429  # the 11th
        more = _until_every_worker_refused(sign_in, server.text, path, 11)
        log = wait_for(lambda: len(re.findall(" 429 ", server.text())) > more and server.text())
    # As for enrolments: each worker refused, whichever took the 10 that failed.
    assert sum(_workers(log, path, 422).values()) == 10
    assert len(_workers(log, path, 429)) == WORKERS


@pytest.mark.slow
def test_several_workers_counting_in_memory_stop_gunicorn_naming_the_setting(
    tmp_path: Path,
) -> None:
    env = environment(f"sqlite:///{tmp_path / 'bangkit.sqlite'}", tmp_path)  # memory://
    upgrade(env)
    server = start_gunicorn(env, tmp_path, WORKERS)
    try:
        code = server.process.wait(timeout=60)
    finally:
        if server.process.poll() is None:
            server.kill()
    log = server.text()
    # 3: gunicorn's "Worker failed to boot". When two workers fail at the same moment its
    # arbiter meets the second failure while halting for the first and exits with 1 (a
    # traceback in its log); either way it stops before serving, for the reason below.
    assert code in (3, 1), log[-2000:]
    assert "Worker failed to boot" in log
    assert (
        f"RATELIMIT_STORAGE_URI is memory://: each of the {WORKERS} workers would count rate "
        "limits on its own" in log
    )
    assert "Set BANGKIT_RATELIMIT_STORAGE_URI to a store they share" in log
    assert "Listening at" in log and " 200 " not in log  # it never served


@pytest.mark.slow
def test_one_worker_may_count_in_memory(tmp_path: Path) -> None:
    env = environment(f"sqlite:///{tmp_path / 'bangkit.sqlite'}", tmp_path)
    upgrade(env)
    with gunicorn(env, tmp_path, 1) as server:
        assert server.process.poll() is None  # it serves (/healthz answered)


@pytest.mark.parametrize(
    ("storage", "processes", "refused"),
    [
        ("memory://", 1, False),  # flask run, or one worker
        ("memory://", 2, True),
        ("redis://127.0.0.1:6379/0", 9, False),
    ],
)
def test_the_check_refuses_memory_only_with_several_processes(
    storage: str, processes: int, refused: bool
) -> None:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "CONTENT_DIR": str(FIXTURE_CONTENT)}
        | {"RATELIMIT_STORAGE_URI": storage}
    )
    if refused:
        with pytest.raises(RuntimeError, match="BANGKIT_RATELIMIT_STORAGE_URI"):
            check_shared_limits(app, processes)
    else:
        check_shared_limits(app, processes)
    app.config["RATELIMIT_ENABLED"] = False  # no limits: nothing to count
    check_shared_limits(app, processes)


@pytest.mark.slow
def test_when_redis_stops_answering_the_forms_keep_working(tmp_path: Path) -> None:
    redis = RedisServer()
    redis.start()
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "CONTENT_DIR": str(FIXTURE_CONTENT)}
        | {"RATELIMIT_STORAGE_URI": redis.url(), "DATABASE_URL": f"sqlite:///{tmp_path / 'd'}"}
    )
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert client.post("/daftar/las/", data=PRIVATE_ANSWERS).status_code == 303
    html = client.get("/staf/masuk/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html).group(1)
    redis.stop()
    # A failed sign-in is counted by hand (staff/auth.py): refused as usual, not a 500.
    wrong = {"csrf_token": token, "name": "nobody", "password": "not the password"}
    assert client.post("/staf/masuk/", data=wrong).status_code == 422
    answers = {**PRIVATE_ANSWERS, "phone": "081299990001"}
    assert client.post("/daftar/las/", data=answers).status_code == 303  # counted in memory
