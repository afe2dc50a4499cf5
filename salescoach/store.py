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
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from salescoach import text_input

DEFAULT_PATH = "var/salescoach.db"
MAX_TEAM = 40
ENV_VAR = "SALESCOACH_DB"


def default_path() -> str:
    return os.environ.get(ENV_VAR, DEFAULT_PATH)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def from_now(**delta: float) -> str:
    """A moment before (negative) or after now, in the form ``now()`` gives, so stored
    times compare as text."""
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat(timespec="seconds")


def rep_id(name: str) -> str:
    """A stable id from a display name: 'Ana  Lima', 'ana lima' and 'José' typed
    composed or decomposed are one rep each."""
    folded = text_input.clean(name).strip().lower()
    return re.sub(r"[^\w]+", "-", folded).strip("-")[:64] or "anonymous"


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


def _m002_reports(db: sqlite_utils.Database) -> None:
    """Indexes for the report filters, and a view a lead can also open in any SQLite tool.

    Sessions left unfinished before scorecards were saved per turn get their
    average reply score as overall, so every reported session has one.
    """
    db["sessions"].create_index(["started_at"])
    db["sessions"].create_index(["scenario_id", "started_at"])
    db["reps"].create_index(["team"])
    db.execute(
        """
        UPDATE sessions SET overall = (
            SELECT CAST(round(avg(score)) AS INTEGER) FROM turns WHERE session_id = sessions.id
        ) WHERE overall IS NULL AND turns > 0
        """
    )
    db.create_view(
        "session_report",
        """
        SELECT sessions.*, reps.name AS rep_name, reps.team AS team
        FROM sessions JOIN reps ON reps.id = sessions.rep_id
        WHERE sessions.turns > 0
        """,
    )


def _m003_exam(db: sqlite_utils.Database) -> None:
    """Exam mode belongs to the session (chosen at its start), not to each message.
    ``session_report`` selects ``sessions.*``, so it shows the column too."""
    db["sessions"].add_column("exam", int, not_null_default=0)
    db.execute("DROP VIEW IF EXISTS session_report")
    db.create_view(
        "session_report",
        """
        SELECT sessions.*, reps.name AS rep_name, reps.team AS team
        FROM sessions JOIN reps ON reps.id = sessions.rep_id
        WHERE sessions.turns > 0
        """,
    )


def _m004_accounts(db: sqlite_utils.Database) -> None:
    """Who may sign in to the page (salescoach/accounts/). A rep's scores stay keyed by
    ``rep_id``: an account owns one rep row, so typed-name reps of before keep their
    history when an admin gives them an account under the same name."""
    db["accounts"].create(
        {
            "id": int,
            "login": str,
            "name": str,
            "rep_id": str,
            "team": str,
            "role": str,
            "password_hash": str,
            "disabled": int,
            "created_at": str,
            "last_sign_in": str,
        },
        pk="id",
        not_null={"login", "name", "rep_id", "role"},
        defaults={"disabled": 0},
    )
    db["accounts"].create_index(["login"], unique=True)
    db["accounts"].create_index(["rep_id"], unique=True)
    db["lead_teams"].create(
        {"account_id": int, "team": str},
        pk=("account_id", "team"),
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["invites"].create(
        {
            "token_hash": str,
            "account_id": int,
            "created_at": str,
            "expires_at": str,
            "used_at": str,
        },
        pk="token_hash",
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["web_sessions"].create(
        {
            "token_hash": str,
            "account_id": int,
            "csrf": str,
            "sender": str,
            "created_at": str,
            "expires_at": str,
        },
        pk="token_hash",
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["web_sessions"].create_index(["account_id"])
    db["sign_in_failures"].create({"key": str, "at": str})
    db["sign_in_failures"].create_index(["key", "at"])


def _m005_call_details(db: sqlite_utils.Database) -> None:
    """What a transcript needs besides the replies: the customer's opening line (said
    before the first reply, so no turn row holds it) and each hint the rep asked for,
    with the number of replies sent before it. Older sessions have neither."""
    db["sessions"].add_column("opening", str)
    db["hints"].create(
        {"id": str, "session_id": str, "after_turn": int, "text": str, "created_at": str},
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["hints"].create_index(["session_id", "after_turn"])


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_reports", _m002_reports),
    ("003_exam", _m003_exam),
    ("004_accounts", _m004_accounts),
    ("005_call_details", _m005_call_details),
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

    @classmethod
    def existing(cls, path: str | Path | None = None) -> Store:
        """Open a database that must already exist: a report never creates an empty one."""
        path = Path(path or default_path())
        if not path.is_file():
            raise FileNotFoundError(path)
        return cls(path)

    def ensure_rep(self, name: str, team: str | None = None) -> str:
        """Idempotent, also when two action servers see a new rep at once.

        A team given at login is kept only if the rep has none yet: moving a rep
        between teams is a trainer's call (``set_team``).
        """
        rid = rep_id(name)
        with self.db.conn:
            self._insert_rep(rid, name, team)
            if team:
                self.db.execute(
                    "UPDATE reps SET team = ? WHERE id = ? AND team IS NULL", [team, rid]
                )
        return rid

    def set_team(self, name: str, team: str | None) -> bool:
        """Put a rep in a team (None: no team); returns True if the rep was new."""
        rid = rep_id(name)
        with self.db.conn:
            created = self._insert_rep(rid, name, team)
            self.db.execute("UPDATE reps SET team = ? WHERE id = ?", [team, rid])
        return created

    def _insert_rep(self, rid: str, name: str, team: str | None) -> bool:
        """Plain SQL: sqlite-utils 3.38's ``insert(ignore=True)`` raises IndexError
        when the row exists and the connection's last insert was in another table
        (it looks up that stale rowid)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO reps (id, name, team, created_at) VALUES (?, ?, ?, ?)",
            [rid, text_input.clean(name).strip(), team, now()],
        )
        return cursor.rowcount == 1

    def start_session(
        self,
        session_id: str,
        rep: str,
        sender_id: str,
        scenario_id: str,
        persona: str,
        exam: bool = False,
        opening: str | None = None,
    ) -> None:
        """``opening`` is the customer's first line, so a transcript starts where the call did."""
        self.db["sessions"].upsert(
            {
                "id": session_id,
                "rep_id": rep,
                "sender_id": sender_id,
                "scenario_id": scenario_id,
                "persona": persona,
                "started_at": now(),
                "turns": 0,
                "exam": int(exam),
                "opening": opening,
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
        card: dict[str, Any] | None = None,
    ) -> None:
        """Idempotent: the same turn id written twice leaves one row.

        ``card`` is the scorecard so far: a session the rep never ends still
        has its scores in reports.
        """
        with self.db.conn:
            self.db["turns"].upsert(
                {
                    "id": turn_id,
                    "session_id": session_id,
                    "turn": turn,
                    "rep_text": text_input.clean(rep_text),
                    "customer_line": customer_line,
                    "score": result["score"],
                    "feedback": json.dumps(result["feedback"]),
                    "result": json.dumps(result),
                    "created_at": now(),
                },
                pk="id",
            )
            count = self.db["turns"].count_where("session_id = ?", [session_id])
            self.db["sessions"].update(
                session_id, {"turns": count, **(_card_columns(card) if card else {})}
            )

    def end_session(self, session_id: str, card: dict[str, Any]) -> None:
        with self.db.conn:
            self.db["sessions"].update(
                session_id, {"ended_at": now(), "outcome": card["outcome"], **_card_columns(card)}
            )

    def call_tables(self) -> list[str]:
        """Every table with rows per call (a ``session_id`` column): what deleting a
        person's calls must clear besides ``sessions``."""
        return [
            t.name
            for t in self.db.tables
            if t.name != "sessions" and "session_id" in t.columns_dict
        ]

    def session(self, session_id: str) -> dict[str, Any]:
        return self.db["sessions"].get(session_id)

    def turns(self, session_id: str) -> list[dict[str, Any]]:
        return list(self.db["turns"].rows_where("session_id = ?", [session_id], order_by="turn"))

    def record_hint(self, hint_id: str, session_id: str, after_turn: int, text: str) -> None:
        """A hint the rep asked for after ``after_turn`` replies, so a lead can tell a step
        the rep found alone from one a hint gave away. Idempotent on ``hint_id``, like turns."""
        self.db["hints"].upsert(
            {
                "id": hint_id,
                "session_id": session_id,
                "after_turn": after_turn,
                "text": text,
                "created_at": now(),
            },
            pk="id",
        )

    def hints(self, session_id: str) -> list[dict[str, Any]]:
        return list(
            self.db["hints"].rows_where(
                "session_id = ?", [session_id], order_by="after_turn, created_at"
            )
        )


def _card_columns(card: dict[str, Any]) -> dict[str, Any]:
    frameworks = card["frameworks"]
    return {
        "overall": card["overall"],
        "spin": frameworks["spin"],
        "sandwich": frameworks["sandwich"],
        "objection": frameworks["objection"],
        "scorecard": json.dumps(card),
    }
