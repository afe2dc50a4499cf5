from __future__ import annotations

import json

from salescoach import store as store_mod
from salescoach.store import MIGRATIONS, Store, rep_id


def test_migrations_are_recorded_and_run_once(db_path):
    first = Store(db_path)
    assert [r["name"] for r in first.db["migrations"].rows] == [name for name, _ in MIGRATIONS]
    assert Store(db_path).migrate() == []
    assert {"reps", "sessions", "turns"} <= set(first.db.table_names())


def test_wal_mode(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rep_ids_are_stable():
    assert rep_id("  Ana  Lima ") == rep_id("ana lima") == "ana-lima"
    assert rep_id("🙂") == "anonymous"


def test_a_returning_rep_keeps_one_row_after_other_writes(store):
    store.start_session("s0", store.ensure_rep("Ana Lima"), "sender", "scn", "D")
    for n in range(3):
        store.record_turn(f"m{n}", "s0", n, "hi", "Go on.", {"score": 50, "feedback": []})
    assert store.ensure_rep("ana  LIMA") == "ana-lima"
    assert [r["name"] for r in store.db["reps"].rows] == ["Ana Lima"]


def test_turn_writes_are_idempotent_and_counted(store):
    rep = store.ensure_rep("Ana Lima")
    store.start_session("s1", rep, "sender", "scn", "D")
    result = {"score": 70, "feedback": ["tip"]}
    store.record_turn("m1", "s1", 1, "hello", "Who is this?", result)
    store.record_turn("m1", "s1", 1, "hello", "Who is this?", result)
    store.record_turn("m2", "s1", 2, "next", "Go on.", result)
    assert [t["id"] for t in store.turns("s1")] == ["m1", "m2"]
    assert store.session("s1")["turns"] == 2
    card = {
        "outcome": "advance",
        "overall": 70,
        "frameworks": {"spin": 60, "sandwich": None, "objection": 80},
    }
    store.end_session("s1", card)
    row = store.session("s1")
    assert (row["overall"], row["objection"], row["outcome"]) == (70, 80, "advance")
    assert json.loads(row["scorecard"]) == card


def test_a_session_keeps_its_opening_line_and_the_hints_asked(store):
    rep = store.ensure_rep("Ana Lima")
    store.start_session("s1", rep, "sender", "scn", "D", opening="Make it quick.")
    assert store.session("s1")["opening"] == "Make it quick."
    store.record_hint("h2", "s1", 2, "Hint: ask what it costs them.")
    store.record_hint("h0", "s1", 0, "Hint: ask a problem question.")
    store.record_hint("h0", "s1", 0, "Hint: ask a problem question.")  # a retried request
    assert [(h["id"], h["after_turn"]) for h in store.hints("s1")] == [("h0", 0), ("h2", 2)]
    assert store.hints("other") == []


def test_the_call_details_migration_leaves_older_sessions_without_them(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < "005"])
    old = Store(tmp_path / "old.db")
    old.db["sessions"].insert(  # as start_session wrote it before 005
        {"id": "s0", "rep_id": old.ensure_rep("Ana Lima"), "sender_id": "sender",
         "scenario_id": "scn", "persona": "D", "started_at": store_mod.now(), "turns": 0}
    )  # fmt: skip
    monkeypatch.undo()
    upgraded = Store(tmp_path / "old.db")
    assert "005_call_details" in {r["name"] for r in upgraded.db["migrations"].rows}
    assert upgraded.session("s0")["opening"] is None and upgraded.hints("s0") == []
