"""A throw-away Redis server for the test run: Debian's redis-server, 127.0.0.1 only, in memory."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from support.pg import free_port, stop_process


def binary() -> str | None:
    """Debian's redis-server is in /usr/bin; look on PATH, then there."""
    found = shutil.which("redis-server")
    if found:
        return found
    return "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None


class Server:
    """One redis-server process; `url(n)` names one of its numbered databases."""

    def __init__(self) -> None:
        self.bin = binary()
        if self.bin is None:
            raise RuntimeError("Redis is not installed (apt-get install redis-server)")
        self.dir = Path(tempfile.mkdtemp(prefix="bangkit-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start redis-server on 127.0.0.1 with nothing saved to disk; wait until it answers."""
        log = open(self.dir / "server.log", "wb")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [self.bin, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir)]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 20
        while True:
            try:
                with redis.Redis.from_url(self.url(), socket_connect_timeout=1) as client:
                    client.ping()
                    return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("redis-server did not start:\n" + self.log()) from None
                time.sleep(0.05)

    def log(self) -> str:
        path = self.dir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def flush(self, database: int = 0) -> None:
        """Forget every count in one database: a test starts with none."""
        with redis.Redis.from_url(self.url(database)) as client:
            client.flushdb()

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        stop_process(self.process, self.dir)
