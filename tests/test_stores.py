"""salescoach's Rasa stores on real servers and files: the Redis lock store
keeps tickets unique and in order when many servers (threads here, each with
its own connection) ask at once; the SQLite tracker store keeps what it saved.
"""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from salescoach_stores.redis_lock_store import AtomicRedisLockStore
from salescoach_stores.sqlite_tracker_store import SQLiteTrackerStore
from tests.live import ROOT
from tests.services import REDIS_PASSWORD, redis

SERVERS = 8


def run(coroutine: Any) -> Any:
    """asyncio.run in a thread of its own: Playwright (browser tests) keeps a loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    with redis(tmp_path_factory.mktemp("redis")) as port:
        yield port


def store(port: int) -> AtomicRedisLockStore:
    config = EndpointConfig(
        url="127.0.0.1", port=str(port), password=REDIS_PASSWORD, db="0", key_prefix="test"
    )
    return AtomicRedisLockStore(config)


def test_tickets_issued_at_once_by_many_servers_are_all_different(redis_port):
    stores = [store(redis_port) for _ in range(SERVERS)]
    with ThreadPoolExecutor(SERVERS) as pool:
        tickets = list(pool.map(lambda s: [s.issue_ticket("rep-1") for _ in range(25)], stores))
    issued = [ticket for per_server in tickets for ticket in per_server]
    assert sorted(issued) == list(range(SERVERS * 25))
    assert len(stores[0].get_lock("rep-1").tickets) == SERVERS * 25


def test_handling_is_one_at_a_time_and_the_lock_goes_when_the_last_finishes(redis_port):
    stores = [store(redis_port) for _ in range(SERVERS)]
    inside: list[int] = []
    overlaps: list[int] = []

    async def handle(lock_store: AtomicRedisLockStore, number: int) -> None:
        async with lock_store.lock("rep-2", wait_time_in_seconds=0.01):
            inside.append(number)
            overlaps.append(len(inside))
            await asyncio.sleep(0.02)
            inside.remove(number)

    async def all_at_once() -> None:
        await asyncio.gather(*(handle(s, n) for n, s in enumerate(stores)))

    run(all_at_once())
    assert overlaps == [1] * SERVERS
    assert stores[0].get_lock("rep-2") is None


def test_the_sqlite_tracker_store_keeps_conversations_in_a_wal_file(tmp_path):
    domain = Domain.load(ROOT / "domain.yml")
    path = tmp_path / "tracker.db"
    first = SQLiteTrackerStore(domain=domain, db=str(path))
    tracker = run(first.get_or_create_tracker("rep-3"))
    tracker.update(UserUttered("What did the outage cost you?"))
    tracker.update(SlotSet("session_state", {"turn": 4}))
    run(first.save(tracker))
    reopened = run(SQLiteTrackerStore(domain=domain, db=str(path)).retrieve("rep-3"))
    assert reopened.latest_message.text == "What did the outage cost you?"
    assert reopened.get_slot("session_state") == {"turn": 4}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_sqlite_tracker_store_reads_and_writes_what_rasas_sql_store_does(tmp_path):
    """Its plain-SQL queries keep Rasa's meaning: the same tracker saved step by step
    through both stores leaves the same rows (only new events written), and each
    store reads the latest session (all sessions for the full tracker) alike."""
    domain = Domain.load(ROOT / "domain.yml")
    ours = SQLiteTrackerStore(domain=domain, db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "rasas.db"))
    tracker = run(ours.get_or_create_tracker("rep-4"))
    later = tracker.events[-1].timestamp + 10
    steps = [
        [UserUttered("How do you back up the depot servers?")],
        [SlotSet("session_state", {"turn": 1})],
        [
            ActionExecuted(ACTION_SESSION_START_NAME, timestamp=later),
            SessionStarted(timestamp=later),
            UserUttered("start practice", timestamp=later + 1),
        ],
        [],
    ]
    for events in steps:
        for event in events:
            tracker.update(event)
        run(ours.save(tracker))
        run(rasas.save(tracker))
    written = []
    for name in ("ours.db", "rasas.db"):
        with sqlite3.connect(tmp_path / name) as db:
            written.append(db.execute("SELECT type_name, data FROM events ORDER BY id").fetchall())
    assert written[0] == written[1] and len(written[0]) >= len(tracker.events)
    for read in ("retrieve", "retrieve_full_tracker"):
        mine = run(getattr(ours, read)("rep-4"))
        theirs = run(getattr(rasas, read)("rep-4"))
        assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in theirs.events]
    latest = run(ours.retrieve("rep-4"))
    assert [e.as_dict() for e in latest.events][-1]["text"] == "start practice"
    assert not any(isinstance(e, SlotSet) for e in latest.events)
    full = run(ours.retrieve_full_tracker("rep-4"))
    assert any(isinstance(e, SlotSet) for e in full.events)
    assert run(ours.retrieve("nobody")) is None
