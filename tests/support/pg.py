"""A throw-away PostgreSQL server for the test run: initdb in a temporary folder, 127.0.0.1 only."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

USER = "bangkit"


def stop_process(process: subprocess.Popen[bytes] | None, folder: Path) -> None:
    """Stop a server's process (SIGTERM, then SIGKILL after 20 s) and delete its folder."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    shutil.rmtree(folder, ignore_errors=True)


def binaries() -> Path | None:
    """Debian keeps the server programs in /usr/lib/postgresql/<version>/bin, not on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in Path(path).parts[-3].split(".") if p.isdigit())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One postgres process; `database()` hands out a fresh, empty database per test."""

    def __init__(self, durable: bool = False) -> None:
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        # initdb refuses to run as root: run the server as an ordinary account instead. The
        # folder is made with mkdtemp (not pytest's tmp_path, which only root may enter).
        self.run_as = _unprivileged_user() if os.geteuid() == 0 else None
        self.dir = Path(tempfile.mkdtemp(prefix="bangkit-pg-"))
        if self.run_as:
            os.chown(self.dir, self.run_as.pw_uid, self.run_as.pw_gid)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.count = 0
        self.durable = durable

    def start(self) -> None:
        """initdb, then start postgres on 127.0.0.1 with its socket in the temporary folder."""
        data = self.dir / "data"
        self._run(
            [self.bin / "initdb", "-D", data, "-U", USER, "--auth=trust", "-E", "UTF8"]
            + ["--locale=C", "--no-sync"]
        )
        # fsync off: a test run need not survive a power cut, and it saves seconds per test.
        # The crash test kills gunicorn, not PostgreSQL, so it does not depend on fsync.
        # (durable=True keeps PostgreSQL's defaults: for measuring, as in production.)
        options = ["-c", "max_connections=200", "-c", "log_min_messages=warning"]
        if not self.durable:
            options += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
            options += ["-c", "full_page_writes=off"]
        log = open(self.dir / "server.log", "wb")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [self.bin / "postgres", "-D", data, "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-k", str(self.dir), *options],
            stdout=log,
            stderr=subprocess.STDOUT,
            user=self.run_as.pw_uid if self.run_as else None,
            group=self.run_as.pw_gid if self.run_as else None,
        )
        log.close()
        deadline = time.monotonic() + 30
        while True:
            try:
                with self.connect("postgres"):
                    return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("postgres did not start:\n" + self.log()) from None
                time.sleep(0.1)

    def _run(self, args: list[object]) -> None:
        result = subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            user=self.run_as.pw_uid if self.run_as else None,
            group=self.run_as.pw_gid if self.run_as else None,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"{args[0]} failed:\n{result.stdout}{result.stderr}")

    def log(self) -> str:
        path = self.dir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(self, name: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def connect(self, name: str) -> psycopg.Connection:
        return psycopg.connect(self.url(name), autocommit=True, connect_timeout=5)

    def database(self, name: str | None = None) -> str:
        """Create a new empty database (named test_<n> unless `name`); return its URL."""
        self.count += 1
        name = name or f"test_{self.count}"
        with self.connect("postgres") as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop a database made by database(), closing any connection still open to it."""
        name = url.rsplit("/", 1)[1]
        with self.connect("postgres") as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        """Stop the server (a fast shutdown) and delete its folder."""
        stop_process(self.process, self.dir)


def _unprivileged_user() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root with neither a 'postgres' nor a 'nobody' account")
