"""bangkit.ratelimit: the counts per client address, and what happens when their store fails.

(The limits on the forms as readers meet them: enrol/test_guards.py, staff/test_auth.py; shared by
gunicorn's workers through Redis: test_rate_limits.py.)"""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from flask import Flask

from bangkit import create_app, ratelimit
from support.paths import FIXTURE_CONTENT

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


def _app(**settings: Any) -> Flask:
    return create_app(
        {"TESTING": True, "SECRET_KEY": "t", "CONTENT_DIR": str(FIXTURE_CONTENT)}
        | {"DATABASE_URL": "sqlite://", "LIMIT": "2 per minute"}
        | settings
    )


def _answers(app: Flask, count: bool = True, client: str = "192.0.2.1") -> list[bool]:
    with app.test_request_context(environ_base={"REMOTE_ADDR": client}):
        return [ratelimit.within("LIMIT", "test", count) for _ in range(3)]


def test_a_limit_counts_per_client_and_a_test_counts_nothing() -> None:
    app = _app()
    assert _answers(app, count=False) == [True, True, True]
    assert _answers(app) == [True, True, False]
    assert _answers(app, client="192.0.2.2") == [True, True, False]
    assert _answers(app, count=False) == [False, False, False]


def test_each_app_counts_apart() -> None:
    assert _answers(_app()) == _answers(_app()) == [True, True, False]


def test_with_limits_off_nothing_is_counted() -> None:
    app = _app(RATELIMIT_ENABLED=False, RATELIMIT_STORAGE_URI=DEAD)
    assert _answers(app) == [True, True, True]


def test_when_the_store_fails_each_process_counts_in_memory_then_tries_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _app(RATELIMIT_STORAGE_URI=DEAD)
    warned: list[str] = []
    monkeypatch.setattr(app.logger, "warning", lambda text, *args: warned.append(text % args))
    assert _answers(app) == [True, True, False]  # counted, in memory
    assert warned == [  # once, not for every request
        f"rate limits: the store did not answer; counting in this process for "
        f"{ratelimit.RETRY_SECONDS} s"
    ]
    counter = app.extensions[ratelimit.KEY]
    assert counter.shared is None  # a connection to Redis is made when it is first needed
    counter.uri = "memory://"  # the store, answering again
    assert _answers(app) == [False, False, False]  # memory, for a while
    assert counter.shared is None
    counter.local_until = 0  # the while has passed: the store again, with no counts yet
    assert _answers(app) == [True, True, False] and counter.shared is not None


def test_without_the_fallback_a_failing_store_is_an_error() -> None:
    app = _app(RATELIMIT_STORAGE_URI=DEAD, RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=False)
    with pytest.raises(Exception, match="(?i)connect"):
        _answers(app)


def test_a_store_that_never_answers_is_a_failure_after_a_second() -> None:
    with socket.socket() as silent:  # takes connections (the kernel does), answers nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app = _app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        started = time.monotonic()
        assert _answers(app) == [True, True, False]  # counted in memory
        assert time.monotonic() - started < 5 * ratelimit.REDIS_TIMEOUT
