"""The production setup for tests: gunicorn and nginx with site/deploy's files, on 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from support.paths import FIXTURE_CONTENT, ROOT
from support.pg import free_port

DEPLOY = ROOT / "site" / "deploy"
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def environment(db_url: str, folder: Path, **settings: str) -> dict[str, str]:
    """The app's settings as a deployment passes them: environment variables."""
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "BANGKIT_INSTANCE_PATH": str(folder / "instance"),
        "BANGKIT_CONTENT_DIR": str(FIXTURE_CONTENT),
        "BANGKIT_SECRET_KEY": "deploy-test",
        **{f"BANGKIT_{name}": value for name, value in settings.items()},
    }


def upgrade(env: dict[str, str]) -> None:
    """`flask db upgrade`, as the README's deployment steps run it."""
    subprocess.run(
        [BIN / "flask", "--app", "bangkit", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )


@dataclass
class Gunicorn:
    process: subprocess.Popen[bytes]
    log: Path
    base: str

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: a crash, with no chance to tidy up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def text(self) -> str:
        return self.log.read_text(errors="replace")


def start_gunicorn(env: dict[str, str], folder: Path, workers: int, *extra: str) -> Gunicorn:
    """Start gunicorn with site/deploy/gunicorn.conf.py on a free port (not waiting for it)."""
    log = folder / f"gunicorn-{time.monotonic_ns()}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [BIN / "gunicorn", "-c", DEPLOY / "gunicorn.conf.py"]
            + ["--bind", "127.0.0.1:0", "--workers", str(workers), *extra],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, for kill()
        )
    return Gunicorn(process, log, "")


@contextmanager
def gunicorn(
    env: dict[str, str], folder: Path, workers: int = 2, *extra: str
) -> Iterator[Gunicorn]:
    """gunicorn with site/deploy/gunicorn.conf.py on a free port; stopped (TERM) at the end.

    More than one worker needs RATELIMIT_STORAGE_URI in a shared store (the redis_url fixture).
    `extra`: more of gunicorn's options.
    """
    server = start_gunicorn(env, folder, workers, *extra)
    process = server.process
    try:
        port = wait_for(lambda: re.search(r"Listening at: http://127.0.0.1:(\d+)", server.text()))
        server.base = f"http://127.0.0.1:{port.group(1)}"
        wait_for(lambda: _healthy(server.base), what="gunicorn /healthz\n" + server.text())
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _healthy(base: str) -> bool:
    try:
        return request(base, "GET", "/healthz")[0] == 200
    except OSError:
        return False


def wait_for(check, what: str = "", seconds: float = 30):  # noqa: ANN001, ANN202
    """Call check() until it returns something true; return that."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise TimeoutError(f"gave up waiting for {what or check}")


def request(
    base: str,
    method: str,
    path: str,
    form: dict[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request (no redirects followed): status, headers, body."""
    conn = connection or http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}
    try:
        conn.request(method, path, body=urlencode(form) if form else None, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        if connection is None:
            conn.close()


def nginx_config(folder: Path, build: Path, upstream: str) -> tuple[str, int]:
    """site/deploy/nginx.conf, pointed at this build and gunicorn, in a whole nginx.conf.

    Every replaced line must be there, so that the example cannot drift from what is tested.
    """
    port = free_port()
    server = (DEPLOY / "nginx.conf").read_text()
    changes = {
        "    listen 80;\n": f"    listen 127.0.0.1:{port};\n",
        "    listen [::]:80;\n": "",
        "root /srv/bangkit/build;": f"root {build};",
        "server 127.0.0.1:8000;": f"server {urlsplit(upstream).netloc};",
        "/var/log/nginx/bangkit.access.log": str(folder / "access.log"),
        "/var/log/nginx/bangkit.error.log": str(folder / "server-error.log"),
    }
    for old, new in changes.items():
        assert server.count(old) == 1, f"site/deploy/nginx.conf no longer has {old!r}"
        server = server.replace(old, new)
    # The tests ask for 127.0.0.1 by name; any other name gets the catch-all (no answer).
    server = server.replace(
        "server_name bangkit.example;", "server_name bangkit.example 127.0.0.1;"
    )
    others = (DEPLOY / "nginx-default.conf").read_text()
    for old, new in {
        "    listen 80 default_server;\n": f"    listen 127.0.0.1:{port} default_server;\n",
        "    listen [::]:80 default_server;\n": "",
        "    listen 443 ssl default_server;\n": "",
        "    listen [::]:443 ssl default_server;\n": "",
    }.items():
        assert others.count(old) == 1, f"site/deploy/nginx-default.conf no longer has {old!r}"
        others = others.replace(old, new)
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    whole = f"""daemon off;
master_process off;  # one process, as the user running the tests
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    uwsgi_temp_path {folder / "uwsgi"};
    scgi_temp_path {folder / "scgi"};
{server}
{others}
}}
"""
    return whole, port


@contextmanager
def nginx(folder: Path, build: Path, upstream: str) -> Iterator[str]:
    """Real nginx serving `build` and proxying to `upstream`; yield its base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    config, port = nginx_config(folder, build, upstream)
    (folder / "nginx.conf").write_text(config)
    args = [NGINX, "-e", str(folder / "error.log"), "-p", str(folder), "-c", "nginx.conf"]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(args, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base), what="nginx")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def _answers(base: str) -> bool:
    try:
        request(base, "GET", "/robots.txt")
        return True
    except OSError:
        return False


def query(db_url: str, sql: str) -> list[tuple]:
    """Rows of one SQL statement, read straight from the database (not through the app)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as connection:  # committed: CREATE EXTENSION stays
            result = connection.execute(text(sql))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()
