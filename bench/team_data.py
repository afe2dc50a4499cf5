"""A team's worth of practice data, for the report benchmark and the README screenshot.

Sessions are played through the real engine (the shipped scenarios, the scorer,
the personas; the customer hears replies through the scorer alone, without the
trained NLU, which a report does not need) with replies drawn from the labelled
dev set. Each rep has a
level; better reps draw better-scoring replies and improve over time, so
trends and weakest skills look like a real team's. Played sessions are reused
across reps to keep generation fast, and written in bulk with the store's own
schema (migrations applied by ``Store``).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from salescoach.practice import scorecard, session
from salescoach.practice.scenario import load_dir
from salescoach.scoring import Context, score_reply
from salescoach.store import Store, rep_id

LEVELS = 5
FIRST_NAMES = (
    "Ana Ben Chloe Dev Elif Femi Grace Hugo Ines Jon Kemi Luca Maya Nils Omar Priya".split()
)
LAST_NAMES = "Lima Okoro Park Shah Yilmaz Adeyemi Moreau Berg Costa Novak Rossi Tan".split()
TEAMS = ("north", "south", "east", "west", "enterprise", "smb", "partners", "inside")


@dataclass(frozen=True)
class Played:
    scenario_id: str
    persona: str
    outcome: str
    card: dict[str, Any]
    turns: list[tuple[str, str, dict[str, Any]]]


def play_pool(per_level: int, seed: int = 7) -> list[list[Played]]:
    """``per_level`` sessions for each level, level 0 drawing the weakest replies."""
    rng = random.Random(seed)
    catalogue = list(load_dir("scenarios").values())
    lines = Path("tests/data/dev.jsonl").read_text(encoding="utf-8").splitlines()
    replies = sorted(
        (json.loads(line)["text"] for line in lines),
        key=lambda text: score_reply(text, Context()).score,
    )
    pool = []
    for level in range(LEVELS):
        low = int(len(replies) * 0.7 * level / LEVELS)
        choices = replies[low : low + int(len(replies) * 0.3)]
        pool.append([_play(rng.choice(catalogue), choices, rng) for _ in range(per_level)])
    return pool


def _play(chosen: Any, replies: list[str], rng: random.Random) -> Played:
    state, _ = session.start(chosen, seed=str(rng.random()))
    turns = []
    while not state.ended and state.turn < chosen.max_turns:
        text = rng.choice(replies)
        turn = session.take_turn(chosen, state, text)
        state = turn.state
        turns.append((text, turn.customer.line, turn.result.to_json()))
    card = scorecard.build(chosen.id, state)
    return Played(chosen.id, chosen.persona.disc, card["outcome"], card, turns)


def write(
    db_path: str | Path,
    sessions: int,
    reps: int,
    turns_per_session: int | None = None,
    days: int = 180,
    per_level: int = 40,
    seed: int = 11,
) -> Store:
    """Fill a new database. ``turns_per_session`` pads each session to that many
    turn rows (copies of its played turns) for size benchmarks."""
    rng = random.Random(seed)
    pool = play_pool(per_level)
    store = Store(db_path)
    start = datetime(2026, 5, 1, 8, tzinfo=timezone.utc)
    combos = [f"{first} {last}" for last in LAST_NAMES for first in FIRST_NAMES]
    random.Random(seed).shuffle(combos)
    teams = TEAMS[: min(len(TEAMS), max(2, reps // 4))]
    people = []
    for n in range(reps):
        name = combos[n % len(combos)] + (f" {n // len(combos) + 1}" if n >= len(combos) else "")
        people.append((rep_id(name), name, teams[n % len(teams)]))
    store.db["reps"].insert_all(
        ({"id": i, "name": nm, "team": t, "created_at": start.isoformat()} for i, nm, t in people),
        batch_size=1000,
    )
    session_rows, turn_rows = [], []
    for number in range(sessions):
        rid, _, _ = people[number % reps]
        progress = number / max(1, sessions - 1)
        base = (number % reps) % 3
        level = min(LEVELS - 1, base + round(progress * 2 + rng.random() - 0.5))
        played = rng.choice(pool[max(0, level)])
        when = start + timedelta(days=days * progress, minutes=rng.randrange(600))
        sid = f"{number:06d}{rng.getrandbits(40):010x}"
        unfinished = rng.random() < 0.1
        frameworks = played.card["frameworks"]
        session_rows.append(
            {
                "id": sid,
                "rep_id": rid,
                "sender_id": sid,
                "scenario_id": played.scenario_id,
                "persona": played.persona,
                "started_at": when.isoformat(timespec="seconds"),
                "ended_at": None if unfinished else when.isoformat(timespec="seconds"),
                "outcome": None if unfinished else played.outcome,
                "turns": turns_per_session or len(played.turns),
                "overall": played.card["overall"],
                **frameworks,
                "scorecard": json.dumps(played.card),
            }
        )
        count = turns_per_session or len(played.turns)
        for t in range(count):
            text, line, result = played.turns[t % len(played.turns)]
            turn_rows.append(
                {
                    "id": f"{sid}:{t + 1}",
                    "session_id": sid,
                    "turn": t + 1,
                    "rep_text": text,
                    "customer_line": line,
                    "score": result["score"],
                    "feedback": json.dumps(result["feedback"]),
                    "result": json.dumps(result),
                    "created_at": when.isoformat(timespec="seconds"),
                }
            )
    with store.db.conn:
        store.db["sessions"].insert_all(session_rows, batch_size=2000)
        store.db["turns"].insert_all(turn_rows, batch_size=5000)
    return store
