"""Sessions, turns and scores in one SQLite file, through sqlite-utils.

WAL mode and a busy timeout let the action server write while a team lead
reads a report. Writes are upserts keyed by stable ids (the Rasa message id
for a turn) so a retried request never duplicates a turn. Schema changes are
numbered migrations recorded in the ``migrations`` table.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

DEFAULT_PATH = "var/salescoach.db"
ENV_VAR = "SALESCOACH_DB"


def default_path() -> str:
    return os.environ.get(ENV_VAR, DEFAULT_PATH)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def rep_id(name: str) -> str:
    """A stable id from a display name: 'Ana  Lima' and 'ana lima' are one rep."""
    return re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-")[:64] or "anonymous"


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["reps"].create(
        {"id": str, "name": str, "team": str, "created_at": str}, pk="id", not_null={"name"}
    )
    db["sessions"].create(
        {
            "id": str,
            "rep_id": str,
            "sender_id": str,
            "scenario_id": str,
            "persona": str,
            "started_at": str,
            "ended_at": str,
            "outcome": str,
            "turns": int,
            "overall": int,
            "spin": int,
            "sandwich": int,
            "objection": int,
            "scorecard": str,
        },
        pk="id",
        foreign_keys=[("rep_id", "reps", "id")],
    )
    db["turns"].create(
        {
            "id": str,
            "session_id": str,
            "turn": int,
            "rep_text": str,
            "customer_line": str,
            "score": int,
            "feedback": str,
            "result": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["turns"].create_index(["session_id", "turn"])
    db["sessions"].create_index(["rep_id", "started_at"])


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
]


class Store:
    """The scores database. Open one per process and reuse it.

    The connection may be used from worker threads (the action server writes
    off its event loop); ``lock`` serialises those writes.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        path = Path(path or default_path())
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock = threading.Lock()
        self.db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False))
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.enable_wal()
        self.migrate()

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns their names."""
        table = self.db["migrations"]
        if not table.exists():
            table.create({"name": str, "applied_at": str}, pk="name")
        done = {row["name"] for row in table.rows}
        applied = []
        for name, apply in MIGRATIONS:
            if name in done:
                continue
            with self.db.conn:
                apply(self.db)
                table.insert({"name": name, "applied_at": now()})
            applied.append(name)
        return applied

    def ensure_rep(self, name: str, team: str | None = None) -> str:
        """Idempotent, also when two action servers see a new rep at once.

        Plain SQL: sqlite-utils 3.38's ``insert(ignore=True)`` raises IndexError
        when the row exists and the connection's last insert was in another table
        (it looks up that stale rowid).
        """
        rid = rep_id(name)
        with self.db.conn:
            self.db.execute(
                "INSERT OR IGNORE INTO reps (id, name, team, created_at) VALUES (?, ?, ?, ?)",
                [rid, name.strip(), team, now()],
            )
        return rid

    def start_session(
        self, session_id: str, rep: str, sender_id: str, scenario_id: str, persona: str
    ) -> None:
        self.db["sessions"].upsert(
            {
                "id": session_id,
                "rep_id": rep,
                "sender_id": sender_id,
                "scenario_id": scenario_id,
                "persona": persona,
                "started_at": now(),
                "turns": 0,
            },
            pk="id",
        )

    def record_turn(
        self,
        turn_id: str,
        session_id: str,
        turn: int,
        rep_text: str,
        customer_line: str,
        result: dict[str, Any],
    ) -> None:
        """Idempotent: the same turn id written twice leaves one row."""
        with self.db.conn:
            self.db["turns"].upsert(
                {
                    "id": turn_id,
                    "session_id": session_id,
                    "turn": turn,
                    "rep_text": rep_text,
                    "customer_line": customer_line,
                    "score": result["score"],
                    "feedback": json.dumps(result["feedback"]),
                    "result": json.dumps(result),
                    "created_at": now(),
                },
                pk="id",
            )
            count = self.db["turns"].count_where("session_id = ?", [session_id])
            self.db["sessions"].update(session_id, {"turns": count})

    def end_session(self, session_id: str, card: dict[str, Any]) -> None:
        frameworks = card["frameworks"]
        self.db["sessions"].update(
            session_id,
            {
                "ended_at": now(),
                "outcome": card["outcome"],
                "overall": card["overall"],
                "spin": frameworks["spin"],
                "sandwich": frameworks["sandwich"],
                "objection": frameworks["objection"],
                "scorecard": json.dumps(card),
            },
        )

    def session(self, session_id: str) -> dict[str, Any]:
        return self.db["sessions"].get(session_id)

    def turns(self, session_id: str) -> list[dict[str, Any]]:
        return list(self.db["turns"].rows_where("session_id = ?", [session_id], order_by="turn"))
