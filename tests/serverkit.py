"""A real redis-server and a real PostgreSQL for a test, each in a private folder on a free loopback port.

Both are started as child processes and always stopped by their context manager. PostgreSQL
refuses to run as root (tests and CI do), so as root it runs as `nobody` in a folder it owns.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port}")


@dataclass
class RedisServer:
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or start again after `kill`) on the same port: nothing is persisted (`--save ''`)."""
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--daemonize", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port, self.proc, "redis-server")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Postgres:
    port: int
    data: Path
    run_as: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://studio@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A fresh database on this server; its URL."""
        subprocess.run([*self.run_as, str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "studio",
                        name], check=True, capture_output=True)
        return self.url(name)

    def start(self) -> None:
        """Start (or start again after a stop) on the same port."""
        folder = self.data.parent
        self.ctl("-o", f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "-l", str(folder / "log"),
                 "start")

    def ctl(self, *args: str) -> None:
        subprocess.run([*self.run_as, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", *args],
                       check=True, capture_output=True)


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="studio-pg-"))
    run_as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(folder, "nobody")
    server = Postgres(free_port(), folder / "data", run_as)
    try:
        subprocess.run([*run_as, str(PG_BIN / "initdb"), "-D", str(server.data), "-U", "studio", "--auth=trust",
                        "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
        server.start()
        try:
            yield server
        finally:
            server.ctl("-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
