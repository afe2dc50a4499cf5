"""Debian's PostgreSQL and Redis servers, started on loopback for one test run
(scripts/setup installs them). Each gets a fresh data folder and a free port,
so tests never touch a server the machine may already run.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.live import free_port, stop, wait_until

PG_USER = "salescoach"
PG_PASSWORD = "scale-test-password"
REDIS_PASSWORD = "scale-test-redis"


@dataclass(frozen=True)
class Services:
    pg_port: int
    redis_port: int

    def env(self, database: str) -> dict[str, str]:
        """The variables endpoints.scale.yml reads."""
        return {
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.pg_port),
            "DB_USER": PG_USER,
            "DB_PASSWORD": PG_PASSWORD,
            "DB_DATABASE": database,
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(self.redis_port),
            "REDIS_PASSWORD": REDIS_PASSWORD,
            "REDIS_DB": "0",
        }


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/setup (it installs Debian's)")
    return found[-1]


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root, so root runs it as Debian's postgres user."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _wait(command: list[str], proc: subprocess.Popen, log: Path) -> None:
    """Until ``command`` (pg_isready, redis-cli ping) succeeds."""

    def ok() -> bool:
        return subprocess.run(command, capture_output=True).returncode == 0

    wait_until(ok, command[0], proc, log, seconds=60)


@contextmanager
def postgres() -> Iterator[int]:
    """A throwaway cluster with a password-protected superuser; yields its port."""
    # Not under pytest's tmp folder: that is private to root, and the server runs as postgres.
    home = Path(tempfile.mkdtemp(prefix="salescoach-pg-"))
    try:
        data, log, pwfile = home / "data", home / "server.log", home / "pw"
        pwfile.write_text(PG_PASSWORD)
        if os.geteuid() == 0:
            shutil.chown(home, "postgres")
            shutil.chown(pwfile, "postgres")
        subprocess.run(
            _as_postgres([
                _pg_bin("initdb"), "-D", str(data), "-U", PG_USER, "--pwfile", str(pwfile),
                "--auth", "scram-sha-256", "-E", "UTF8",
            ]),
            check=True, capture_output=True,
        )  # fmt: skip
        port = free_port()
        proc = subprocess.Popen(
            _as_postgres([
                _pg_bin("postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1",
                "-k", str(home), "-c", "fsync=off",
            ]),
            stdout=log.open("ab"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait([_pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(port)], proc, log)
            yield port
        finally:
            stop(proc)
    finally:
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def redis(workdir: Path) -> Iterator[int]:
    """A Redis with a password and no persistence; yields its port."""
    port, log = free_port(), workdir / "redis.log"
    proc = subprocess.Popen(
        [
            "redis-server", "--bind", "127.0.0.1", "--port", str(port),
            "--requirepass", REDIS_PASSWORD, "--save", "", "--appendonly", "no",
            "--dir", str(workdir),
        ],
        stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        ping = ["redis-cli", "-p", str(port), "-a", REDIS_PASSWORD, "--no-auth-warning", "ping"]
        _wait(ping, proc, log)
        yield port
    finally:
        stop(proc)


@contextmanager
def services(workdir: Path) -> Iterator[Services]:
    with postgres() as pg_port, redis(workdir) as redis_port:
        yield Services(pg_port, redis_port)
