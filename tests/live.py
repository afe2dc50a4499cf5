"""Start the real stack for end-to-end tests: the trained model (shared via
scripts/train's cache), the rasa-sdk action server, the Rasa server and the
practice page server, on loopback ports of their own, with their own SQLite files.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
TOKEN = "e2e-token"
STATE_KEY = "e2e-state-key"
ACTION_TOKEN = "e2e-action-token"


def trained_model() -> str:
    out = subprocess.run(
        [str(ROOT / "scripts" / "train")], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return str(ROOT / out.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    ready: Callable[[], bool], what: str, proc: subprocess.Popen, log: Path, seconds: float = 180
) -> None:
    """Poll ``ready`` until it holds; fail with the log if the process ends or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{log.read_text()[-3000:]}")
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {seconds}s:\n{log.read_text()[-3000:]}")


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)
        return True
    except OSError:
        return False


def wait_for(url: str, proc: subprocess.Popen, log: Path) -> None:
    wait_until(lambda: answers(url), url, proc, log)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if the process has not ended after 30 s."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Stack:
    """The Rasa server and the action server, restartable one at a time."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.model = trained_model()
        self.scores_db = workdir / "scores.db"
        self.tracker_db = workdir / "tracker.db"
        self.scenarios = workdir / "scenarios"
        shutil.copytree(ROOT / "scenarios", self.scenarios)
        self.action_port, self.web_port = free_port(), free_port()
        self.rasa_ports: dict[str, int] = {"rasa": free_port()}
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            f'  token: "{ACTION_TOKEN}"\n'
            "tracker_store:\n  type: salescoach_stores.sqlite_tracker_store.SQLiteTrackerStore\n"
            f'  db: "{self.tracker_db}"\n'
        )
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "SALESCOACH_DB": str(self.scores_db),
            "SALESCOACH_SCENARIOS": str(self.scenarios),
            "SALESCOACH_STATE_KEY": STATE_KEY,
            "SALESCOACH_ACTION_TOKEN": ACTION_TOKEN,
        }
        self.procs: dict[str, subprocess.Popen] = {}

    def _spawn(self, name: str, args: list[str], health: str) -> None:
        log = self.workdir / f"{name}.log"
        proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log.open("ab"), stderr=subprocess.STDOUT
        )
        self.procs[name] = proc
        wait_for(health, proc, log)

    def start_actions(self) -> None:
        self._spawn(
            "actions",
            [str(BIN / "rasa"), "run", "actions", "--port", str(self.action_port)],
            f"http://127.0.0.1:{self.action_port}/health",
        )

    def start_rasa(self, name: str = "rasa", endpoints: Path | None = None) -> None:
        """A Rasa server; several can run at once under different names (scale-out tests)."""
        port = self.rasa_ports.setdefault(name, free_port())
        self._spawn(
            name,
            [
                str(BIN / "rasa"), "run", "--model", self.model,
                "--endpoints", str(endpoints or self.endpoints),
                "--credentials", str(ROOT / "credentials.yml"), "-i", "127.0.0.1",
                "-p", str(port), "--enable-api", "--auth-token", TOKEN,
            ],
            f"http://127.0.0.1:{port}/status?token={TOKEN}",
        )  # fmt: skip

    @property
    def rasa_port(self) -> int:
        return self.rasa_ports["rasa"]

    def start_web(self) -> None:
        """The practice page server, passing messages to this stack's Rasa; its /health
        answers once Rasa and the action server answer too."""
        self._spawn(
            "web",
            [
                str(BIN / "salescoach"), "web", "--port", str(self.web_port),
                "--rasa", f"http://127.0.0.1:{self.rasa_port}",
                "--actions", f"http://127.0.0.1:{self.action_port}",
            ],
            self.page_url + "health",
        )  # fmt: skip

    @property
    def page_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}/"

    def add_account(self, login: str, name: str, team: str | None = None, role: str = "rep") -> str:
        """An account in this stack's scores file, its password set as an invite would."""
        from salescoach.accounts.users import Accounts
        from salescoach.store import Store
        from tests.page_client import PASSWORD, add_account

        add_account(Accounts(Store(self.scores_db)), login, name, role, team)
        return PASSWORD

    def kill(self, name: str) -> None:
        """kill -9: no shutdown handlers run, as in a crash."""
        proc = self.procs.pop(name)
        proc.kill()
        proc.wait()

    def stop(self, name: str) -> None:
        stop(self.procs.pop(name))

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def say(self, sender: str, text: str, server: str = "rasa") -> list[dict[str, Any]]:
        return say(self.rasa_ports[server], sender, text)

    def stored_turns(self, sender: str) -> list[tuple[int, int]]:
        """(turn number, score) of every turn the scores file holds for ``sender``, in order."""
        with sqlite3.connect(self.scores_db) as db:
            return db.execute(
                "select t.turn, t.score from turns t join sessions s on s.id = t.session_id"
                " where s.sender_id = ? order by t.turn",
                (sender,),
            ).fetchall()


def say(port: int, sender: str, text: str) -> list[dict[str, Any]]:
    """One message through a Rasa server's REST channel, as a chat page would send it."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@contextmanager
def running(workdir: Path, *, web: bool = False) -> Iterator[Stack]:
    """The action server and Rasa (and the page server if ``web``), stopped on exit."""
    stack = Stack(workdir)
    try:
        stack.start_actions()
        stack.start_rasa()
        if web:
            stack.start_web()
        yield stack
    finally:
        stack.stop_all()
