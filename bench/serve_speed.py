"""How fast the live site answers: gunicorn (2 workers) on 127.0.0.1, driven by wrk.

Usage: bench/serve [--seconds 10] [--runs 3] [--connections 4]
Targets: a bare route that does nothing (the baseline), a content page (plain, and compressed as
a browser asks for it), the same page with its Markdown rendered on every request, and the
enrolment POST. Each run gives every target a bounded load in turn; the table gives medians.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from common import ROOT, machine, median, table

CONTENT = "/jkp/syarat/"  # a typical content page
ENROL = "/daftar/las/"  # the enrolment form's POST (a new phone number each time)
FIELDS = (
    "full_name=Siti+Nur&phone={phone}&email=&birth_year=1990&education=sma&city=Kota+Bekasi"
    "&laid_off=yes&jkp=unknown&union=&consent=y&ref=&website="
)
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "us": %d, "p50": %d, "p99": %d, "bad": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
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
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(factory: str, env: dict[str, str]) -> Iterator[str]:
    """Run the app under gunicorn with 2 workers; yield its base URL."""
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--bind"]
    command += [f"127.0.0.1:{port}", "--pythonpath", str(ROOT / "bench"), factory]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not status(base + "/_bench/bare"):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start:\n{process.stderr.read()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def status(url: str, data: bytes | None = None) -> int:
    """The status of one request, without following redirects (0 if nothing answers)."""

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    try:
        with urllib.request.build_opener(Keep).open(url, data=data, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wrk(url: str, seconds: float, connections: int, script: Path, *extra: str, arg: str) -> dict:
    """One bounded load on `url`; `arg` reaches the script (the POST's phone numbers)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "-s", str(script), *extra]
    command += [url, "--", arg]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode:
        sys.exit(f"wrk failed: {command}\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per target and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    scripts = {"get": tmp / "get.lua", "post": tmp / "post.lua"}
    scripts["get"].write_text(REPORT)
    scripts["post"].write_text(POST.replace("FIELDS", FIELDS) + REPORT)
    env = {
        **os.environ,
        "BANGKIT_INSTANCE_PATH": str(tmp),
        "BANGKIT_DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}",
        "BANGKIT_SECRET_KEY": "bench",
        "BANGKIT_RATELIMIT_ENABLED": "false",  # a load test is one client sending many forms
        # A copy that takes enrolments names its operator (bangkit/operator.py).
        "BANGKIT_OPERATOR_NAME": "Serikat Pekerja Contoh",
        "BANGKIT_OPERATOR_CONTACT": "bangkit@serikat-contoh.example",
    }
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "flask"), "--app", "bangkit", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    print(
        f"Serving speed; {machine()}; gunicorn 2 workers, wrk 1 thread {args.connections} "
        f"connections, {args.seconds:g} s per target, median of {args.runs} runs"
    )
    try:
        with (
            gunicorn("serve_app:create()", env) as live,
            gunicorn("serve_app:create(per_request=True)", env) as slow,
        ):
            targets = [
                ("bare route (does nothing)", live + "/_bench/bare", "get", ()),
                (f"content page {CONTENT}", live + CONTENT, "get", ()),
                (
                    "content page, br (as browsers ask)",
                    live + CONTENT,
                    "get",
                    ("-H", "Accept-Encoding: br, gzip"),
                ),
                ("content page, Markdown per request", slow + CONTENT, "get", ()),
            ]
            if status(live + ENROL) == 200:
                targets.append((f"enrolment POST {ENROL} (303)", live + ENROL, "post", ()))
            else:
                print(f"note: no enrolment form at {ENROL} yet: its POST is left out")
            rows = measure(targets, scripts, args)
    finally:
        shutil.rmtree(tmp)
    print(table(("target", "req/s", "p50 ms", "p99 ms", "req/s ÷ bare", "errors"), rows))


def measure(targets: list, scripts: dict[str, Path], args: argparse.Namespace) -> list:
    results: dict[str, list[dict]] = {name: [] for name, *_ in targets}
    for _, url, kind, extra in targets:  # warm up: templates compiled, connections open
        wrk(url, 2, args.connections, scripts[kind], *extra, arg="90000000")
    for run in range(args.runs):
        for name, url, kind, extra in targets:
            offset = str(run * 10_000_000)  # a phone number is never sent twice
            results[name].append(
                wrk(url, args.seconds, args.connections, scripts[kind], *extra, arg=offset)
            )
    rates = {n: median([r["requests"] / r["us"] * 1e6 for r in rs]) for n, rs in results.items()}
    bare = rates[targets[0][0]]
    return [
        (
            name,
            f"{rates[name]:,.0f}",
            f"{median([r['p50'] for r in rs]) / 1000:.1f}",
            f"{median([r['p99'] for r in rs]) / 1000:.1f}",
            f"{rates[name] / bare:.2f}",
            sum(r["bad"] for r in rs),
        )
        for name, rs in results.items()
    ]


if __name__ == "__main__":
    main()
