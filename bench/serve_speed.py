"""How fast the live site answers: gunicorn (2 workers) on 127.0.0.1, driven by wrk.

Usage: bench/serve [--seconds 8] [--runs 3] [--connections 4]
Baselines, in the same run and on the same gunicorn settings: a separate minimal Flask app with one
route and no hooks, and a minimal Flask route that inserts one row into the site's SQLite database
(bench/serve_baselines.py). Targets: the project's app on a route that returns "", a content page
(plain, compressed as a browser asks for it, and a 304 revalidation), the same page with its
Markdown rendered on every request, and the enrolment POST (a new phone number each time; the rows
are counted after, so nothing acknowledged was lost): without rate limits, and, when Debian's
redis-server is here, with them counted in Redis as a deployment with several workers counts them
(bench/serve starts its own redis-server, and sets limits of the deployed shape too high to refuse).
Each run gives every target a bounded load in turn; the table gives medians, and ratios to the bare
Flask route (the POST also to the bare insert route).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, machine, median, table, this_tree

from support.redis_server import Server as RedisServer
from support.redis_server import binary as redis_binary

CONTENT = "/jkp/syarat/"  # a typical content page
ENROL = "/daftar/las/"  # the enrolment form's POST (a new phone number each time)
FIELDS = (
    "full_name=Siti+Nur&phone={phone}&email=&birth_year=1990&education=sma&city=Kota+Bekasi"
    "&laid_off=yes&jkp=unknown&union=&consent=y&ref=&website="
)
REPORT = """
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local e, answered = summary.errors, 0
  for _, thread in ipairs(threads) do answered = answered + (thread:get("answered") or 0) end
  io.write(string.format(
    '{"requests": %d, "us": %d, "p50": %d, "p99": %d, "bad": %d, "answered": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout, answered))
end
"""
POST = """
local counter, offset = 0, 0
init = function(args) offset = tonumber(args[1]) end
request = function()
  counter = counter + 1
  local phone = string.format("0812%08d", offset + counter)
  local body = string.gsub("FIELDS", "{phone}", phone)
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
answered = 0
response = function(status, headers, body)
  if status == 303 then answered = answered + 1 end
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def redis_server() -> Iterator[str | None]:
    """The tests' throw-away redis-server (127.0.0.1, nothing saved); yield its URL, or None
    when Debian's redis-server is not installed."""
    if redis_binary() is None:
        yield None
        return
    server = RedisServer()
    server.start()
    try:
        yield server.url()
    finally:
        server.stop()


@contextlib.contextmanager
def gunicorn(factory: str, env: dict[str, str]) -> Iterator[str]:
    """Run an app under gunicorn with 2 sync workers on 127.0.0.1; yield its base URL."""
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--bind"]
    command += [f"127.0.0.1:{port}", "--pythonpath", str(ROOT / "bench"), factory]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not status(base + "/"):  # any answer (a 405 too): it is up
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start:\n{process.stderr.read()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def status(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    """The status of one request, without following redirects (0 if nothing answers)."""
    return answer(url, data, headers)[0]


def answer(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str]]:
    """The status and headers of one request, without following redirects."""

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.build_opener(Keep).open(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)
    except OSError:
        return 0, {}


def header_args(headers: dict[str, str]) -> tuple[str, ...]:
    """wrk's -H arguments for these request headers."""
    return tuple(arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}"))


def rows(database: Path, table: str) -> Callable[[], int]:
    """A count of the rows in one table of the SQLite database (WAL: it never waits)."""

    def count() -> int:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    return count


@dataclass
class Target:
    name: str
    url: str
    kind: str = "get"  # the wrk script: get, or post (a new phone number each request)
    headers: dict[str, str] | None = None
    count: Callable[[], int] | None = None  # rows a POST adds
    baseline: str = ""  # for a POST: the name of the bare insert target


def wrk(url: str, seconds: float, connections: int, script: Path, *extra: str, arg: str) -> dict:
    """One bounded load on `url`; `arg` reaches the script (the POST's phone numbers)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "-s", str(script), *extra]
    command += [url, "--", arg]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode:
        sys.exit(f"wrk failed: {command}\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


BROWSER = {"Accept-Encoding": "br, gzip"}  # what browsers send (and more, which changes nothing)
BARE_FLASK = "bare Flask app, one route, no hooks"
BARE_INSERT = "bare Flask route, one SQLite INSERT (303)"
PROJECT_BARE = "/_bench/bare"  # serve_app.BARE: the project's app with a route that returns ""
PROJECT = 'the project\'s app, a route that returns ""'
# The deployed limits' shape (config.py: per minute and per hour, both counted on every POST),
# too high for one load to reach.
LIMITS = "1000000000 per minute; 10000000000 per hour"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8, help="per target and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    if not 1 <= args.runs <= 9:  # the phone numbers of each load: ten million per run
        parser.error("--runs must be 1 to 9")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    scripts = {"get": tmp / "get.lua", "post": tmp / "post.lua"}
    scripts["get"].write_text(REPORT)
    scripts["post"].write_text(POST.replace("FIELDS", FIELDS) + REPORT)
    database = tmp / "bench.sqlite"
    env = {
        **this_tree(os.environ),
        "BANGKIT_INSTANCE_PATH": str(tmp),
        "BANGKIT_DATABASE_URL": f"sqlite:///{database}",
        "BANGKIT_SECRET_KEY": "bench",
        "BANGKIT_RATELIMIT_ENABLED": "false",  # a load test is one client sending many forms
        # A copy that takes enrolments names its operator (bangkit/operator.py).
        "BANGKIT_OPERATOR_NAME": "Serikat Pekerja Contoh",
        "BANGKIT_OPERATOR_CONTACT": "bangkit@serikat-contoh.example",
        "BENCH_SQLITE": str(database),  # the bare insert route writes to the same database
    }
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "flask"), "--app", "bangkit", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    print(
        f"Serving speed; {machine()}; gunicorn 2 sync workers on 127.0.0.1, wrk 1 thread "
        f"{args.connections} connections, {args.seconds:g} s per target, median of {args.runs} "
        "runs"
    )
    try:
        with (
            redis_server() as redis_url,
            gunicorn("serve_baselines:bare()", env) as bare,
            gunicorn("serve_baselines:insert()", env) as insert,
            gunicorn("serve_app:create()", env) as live,
            gunicorn("serve_app:create(per_request=True)", env) as slow,
        ):
            targets = [
                Target(BARE_FLASK, bare + "/"),
                Target(PROJECT, live + PROJECT_BARE),
                Target(f"content page {CONTENT}", live + CONTENT),
                Target("content page, br (as browsers ask)", live + CONTENT, headers=BROWSER),
            ]
            code, headers = answer(live + CONTENT, headers=BROWSER)
            again = {**BROWSER, "If-None-Match": headers.get("ETag", "")}
            if code == 200 and status(live + CONTENT, headers=again) == 304:
                targets.append(
                    Target("content page, 304 (If-None-Match, br)", live + CONTENT, headers=again)
                )
            else:
                print(f"note: {CONTENT} answers no 304 to its ETag: revalidation is left out")
            targets.append(Target("content page, Markdown per request", slow + CONTENT))
            targets.append(
                Target(BARE_INSERT, insert + "/", "post", count=rows(database, "bench_insert"))
            )
            enrolments = rows(database, "enrolment")

            def enrol(name: str, base: str) -> Target:
                return Target(name, base + ENROL, "post", count=enrolments, baseline=BARE_INSERT)

            if status(live + ENROL) == 200:
                targets.append(enrol(f"enrolment POST {ENROL} (303)", live))
            else:
                print(f"note: no enrolment form at {ENROL} yet: its POST is left out")
            with contextlib.ExitStack() as later:
                if redis_url is None:
                    print("note: no redis-server: the POST with rate limits is left out")
                else:
                    limited = {
                        **env,
                        "BANGKIT_RATELIMIT_ENABLED": "true",
                        "BANGKIT_RATELIMIT_STORAGE_URI": redis_url,
                        "BANGKIT_ENROL_RATE_LIMIT": LIMITS,
                    }
                    counted = later.enter_context(gunicorn("serve_app:create()", limited))
                    targets.append(
                        enrol(f"enrolment POST {ENROL}, limits counted in Redis", counted)
                    )
                table_rows, notes = measure(targets, scripts, args)
    finally:
        shutil.rmtree(tmp)
    headers = ("target", "req/s", "p50 ms", "p99 ms", "÷ bare Flask", "÷ bare insert", "errors")
    print(table(headers, table_rows))
    print("\n".join(notes))


def measure(
    targets: list[Target], scripts: dict[str, Path], args: argparse.Namespace
) -> tuple[list[tuple[object, ...]], list[str]]:
    """Load every target in turn, run after run; the table rows, and what the POSTs stored."""

    def load(target: Target, seconds: float, offset: str) -> dict:
        before = target.count() if target.count else 0
        extra = header_args(target.headers or {})
        found = wrk(target.url, seconds, args.connections, scripts[target.kind], *extra, arg=offset)
        found["rows"] = target.count() - before if target.count else 0
        return found

    results: dict[str, list[dict]] = {t.name: [] for t in targets}
    # A phone number is never sent twice: each load starts at its own million.
    warm = {t.name: load(t, 2, str(i * 1_000_000)) for i, t in enumerate(targets)}
    for run in range(1, args.runs + 1):
        for i, target in enumerate(targets):
            offset = str(run * 10_000_000 + i * 1_000_000)
            results[target.name].append(load(target, args.seconds, offset))
    rates = {n: median([r["requests"] / r["us"] * 1e6 for r in rs]) for n, rs in results.items()}
    bare = rates[BARE_FLASK]
    table_rows = [
        (
            t.name,
            f"{rates[t.name]:,.0f}",
            f"{median([r['p50'] for r in results[t.name]]) / 1000:.1f}",
            f"{median([r['p99'] for r in results[t.name]]) / 1000:.1f}",
            f"{rates[t.name] / bare:.2f}",
            f"{rates[t.name] / rates[t.baseline or t.name]:.2f}" if t.kind == "post" else "",
            sum(r["bad"] for r in results[t.name]),
        )
        for t in targets
    ]
    notes = []
    for t in targets:
        if t.count is None:
            continue
        found = [warm[t.name], *results[t.name]]
        answered, added = sum(r["answered"] for r in found), sum(r["rows"] for r in found)
        lost = sum(max(0, r["answered"] - r["rows"]) for r in found)
        notes.append(
            f"{t.name}: {answered:,} answered 303, {added:,} rows added, "
            + (f"{lost:,} LOST" if lost else "none lost")
            + " (a request cut off when a load ends may be stored unanswered)"
        )
    return table_rows, notes


if __name__ == "__main__":
    main()
