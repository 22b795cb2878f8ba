"""Rate limits per client address, counted with the `limits` library by the views that have one.

Settings: RATELIMIT_ENABLED; RATELIMIT_STORAGE_URI, where the counts are kept (memory:// for one
process, redis://… for several workers); RATELIMIT_IN_MEMORY_FALLBACK_ENABLED: when that store
does not answer, each process counts in its own memory for a while, then tries the store again,
so the forms keep working. A limit is a setting's value, e.g. "20 per minute; 200 per hour".

Until 2026-11-30 Flask-Limiter did this. Its hooks resolved the limits of every request the app
handled, limited or not: about 0.5 M instructions of a request with none, and 1.2 M of an
enrolment POST's 4.6 M with the counts in Redis. `limits` is the library it counts with; what is
left of it is which views count (enrol/views.py, staff/auth.py) and the fallback below.
"""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING

from flask import Flask, abort, current_app, request

if TYPE_CHECKING:
    from limits import RateLimitItem
    from limits.strategies import RateLimiter

KEY = "bangkit.ratelimit"
SINGLE = ("redis://", "rediss://", "redis+unix://")  # plain Redis: one connection per process
REDIS_TIMEOUT = 1.0  # seconds: a Redis that takes the connection but never answers is a failure
RETRY_SECONDS = 30  # after a failure, count in memory this long before trying the store again


@functools.lru_cache(maxsize=16)
def _items(value: str) -> list[RateLimitItem]:
    from limits import parse_many  # here: a freeze, which counts nothing, never imports limits

    return parse_many(value)


class Counter:
    """One app's counts: in RATELIMIT_STORAGE_URI, or this process's memory while it fails."""

    def __init__(self, uri: str, fallback: bool) -> None:
        from limits.storage import MemoryStorage
        from limits.strategies import FixedWindowRateLimiter

        self.uri = uri
        self.shared: RateLimiter | None = None  # made on first use: in the worker, after a fork
        self.local = FixedWindowRateLimiter(MemoryStorage()) if fallback else None
        self.local_until = 0.0

    def _shared(self) -> RateLimiter:
        if self.shared is None:
            from limits.storage import storage_from_string
            from limits.strategies import FixedWindowRateLimiter

            # A sync worker sends one command at a time: one connection of its own (made here),
            # not a pool to take one from and check for every command (a third of the client's
            # time per count). Without a timeout, a hung Redis would hang every request.
            redis = self.uri.startswith(SINGLE)
            options = dict(single_connection_client=True, socket_timeout=REDIS_TIMEOUT)
            options.update(socket_connect_timeout=REDIS_TIMEOUT)
            self.shared = FixedWindowRateLimiter(
                storage_from_string(self.uri, **(options if redis else {}))
            )
        return self.shared

    def within(self, value: str, scope: str, count: bool) -> bool:
        """Whether the client is within every limit in `value`; `count`: count this request too
        (stopping at the first limit used up)."""
        client = request.remote_addr or "127.0.0.1"  # behind proxies: ProxyFix (http.py)

        def run(limiter: RateLimiter) -> bool:
            check = limiter.hit if count else limiter.test
            return all(check(item, client, scope) for item in _items(value))

        if self.local is not None and time.monotonic() < self.local_until:
            return run(self.local)
        try:
            return run(self._shared())
        except Exception:
            if self.local is None:
                raise
            current_app.logger.warning(
                "rate limits: the store did not answer; counting in this process for %d s",
                RETRY_SECONDS,
            )
            self.local_until = time.monotonic() + RETRY_SECONDS
            return run(self.local)


def init_app(app: Flask) -> None:
    """Give a serving app its counter (a static copy takes no form: nothing to count)."""
    config = app.config
    app.extensions[KEY] = Counter(
        str(config["RATELIMIT_STORAGE_URI"]), bool(config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"])
    )


def within(setting: str, scope: str, count: bool = True) -> bool:
    """Whether this request's client is within the limits the setting `setting` names (always,
    with RATELIMIT_ENABLED off); counts the request unless `count` is false."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return True
    counter: Counter = current_app.extensions[KEY]
    return counter.within(current_app.config[setting], scope, count)


def limit(setting: str, scope: str) -> None:
    """Count this request; 429 (the blueprint's error page) when a limit is used up."""
    if not within(setting, scope):
        abort(429)


def check_shared_limits(app: Flask, processes: int) -> None:
    """Refuse to serve from several processes that would each count rate limits on its own.

    Called by site/deploy/gunicorn.conf.py, which knows how many workers it starts; a single
    process (`flask run`, one worker) keeps the in-memory default.
    """
    storage = str(app.config["RATELIMIT_STORAGE_URI"])
    if processes > 1 and app.config["RATELIMIT_ENABLED"] and storage.startswith("memory"):
        raise RuntimeError(
            f"RATELIMIT_STORAGE_URI is {storage}: each of the {processes} workers would count "
            f"rate limits on its own, so a client could send {processes} times the limit. Set "
            "BANGKIT_RATELIMIT_STORAGE_URI to a store they share, e.g. redis://127.0.0.1:6379/0 "
            "(README, Deploying), or run one worker (WEB_CONCURRENCY=1)."
        )
