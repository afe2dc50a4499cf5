"""Two action servers writing one SQLite file at once, as when several serve
one Rasa: no turn lost, none doubled, even when the same turn reaches both
(a retry that lands on the other server). WAL mode, a busy timeout and turn
rows keyed by Rasa's message id make this hold.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from actions import engine
from salescoach import keys
from salescoach.practice import scenario, session
from salescoach.store import Store
from tests.calls import GOOD_CALL, LOGISTICS, SCENARIOS
from tests.live import ACTION_TOKEN, STATE_KEY, Stack, free_port

pytestmark = pytest.mark.e2e
SESSIONS = 16


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    live = Stack(tmp_path_factory.mktemp("shared"))
    live.start_actions()
    first = live.action_port
    live.procs["actions-1"] = live.procs.pop("actions")
    live.action_port = free_port()
    live.start_actions()
    yield live, [first, live.action_port]
    live.stop_all()


def call(port: int, sid: str, state: dict, text: str, message_id: str) -> dict:
    tracker = {
        "sender_id": f"sender-{sid}",
        "slots": {
            "practice_active": True,
            "session_state": state,
            "session_id": sid,
            "scenario_id": LOGISTICS,
            "rep_name": "Sam Shared",
        },
        "latest_message": {"text": text, "message_id": message_id, "intent": {}},
        "events": [],
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    body = {
        "next_action": "action_score_reply",
        "tracker": tracker,
        "domain": {},
        "version": "3.6.2",
    }
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhook?token={ACTION_TOKEN}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def play(ports: list[int], sid: str, state: dict) -> None:
    """Each turn goes to both servers at the same moment, with one message id."""
    for text in GOOD_CALL[:4]:
        message_id = uuid.uuid4().hex
        with ThreadPoolExecutor(2) as pool:
            twice = [[sid] * 2, [state] * 2, [text] * 2, [message_id] * 2]
            answers = list(pool.map(call, ports, *twice))
        [new_state] = {
            json.dumps(e["value"], sort_keys=True)
            for a in answers
            for e in a["events"]
            if e.get("name") == "session_state"
        }
        state = json.loads(new_state)


def test_two_action_servers_share_the_scores_file_without_losing_or_doubling(
    two_servers, monkeypatch
):
    stack, ports = two_servers
    monkeypatch.setenv(keys.STATE_KEY_ENV, STATE_KEY)
    keys.state_key.cache_clear()
    chosen = scenario.load_dir(SCENARIOS)[LOGISTICS]
    store = Store(stack.scores_db)
    games = []
    for _ in range(SESSIONS):
        sid = uuid.uuid4().hex
        state, _ = session.start(chosen, seed=sid)
        store.start_session(sid, store.ensure_rep("Sam Shared"), f"sender-{sid}", LOGISTICS, "D")
        games.append((sid, engine.sealed(state)))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda g: play(ports, *g), games))
    with sqlite3.connect(stack.scores_db) as db:
        per_session = dict(db.execute("select session_id, count(*) from turns group by session_id"))
        counted = dict(db.execute("select id, turns from sessions"))
        numbers = db.execute(
            "select count(distinct session_id || ':' || turn) from turns"
        ).fetchone()
    assert per_session == {sid: 4 for sid, _ in games}
    assert counted == per_session and numbers == (SESSIONS * 4,)
