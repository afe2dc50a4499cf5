"""Rasa's documented way to scale out, on this machine: two Rasa servers sharing
a PostgreSQL tracker store and a Redis lock store (endpoints.scale.yml, as
shipped), one action server, reps whose messages land on either server.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg2
import pytest

from tests.calls import GOOD_CALL, LOGISTICS, menu_number
from tests.live import ROOT, Stack
from tests.services import PG_PASSWORD, PG_USER, services

pytestmark = pytest.mark.e2e
SERVERS = ("rasa-a", "rasa-b")
TRACKER_DB = "salescoach_tracker"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("scale")
    with services(workdir) as running:
        stack = Stack(workdir)
        stack.env.update(running.env(TRACKER_DB))
        stack.env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{stack.action_port}/webhook"
        try:
            stack.start_actions()
            for name in SERVERS:
                stack.start_rasa(name, endpoints=ROOT / "endpoints.scale.yml")
            yield stack, running.pg_port
        finally:
            stack.stop_all()


def start_call(stack: Stack, sender: str) -> None:
    for server, text in zip(SERVERS * 2, ("start practice", "Pat Scale", menu_number(LOGISTICS))):
        stack.say(sender, text, server)


def coached(answer: list[dict[str, Any]]) -> bool:
    return any(m.get("text", "").startswith("Coach: ") for m in answer)


def turn_numbers(stack: Stack, sender: str) -> list[int]:
    return [turn for turn, _ in stack.stored_turns(sender)]


def user_messages_in_postgres(pg_port: int, sender: str) -> list[str]:
    """What the tracker store holds, read straight from PostgreSQL."""
    with psycopg2.connect(
        host="127.0.0.1", port=pg_port, user=PG_USER, password=PG_PASSWORD, dbname=TRACKER_DB
    ) as db, db.cursor() as cursor:  # fmt: skip
        cursor.execute(
            "select data::json->>'text' from events"
            " where sender_id = %s and type_name = 'user' order by id",
            (sender,),
        )
        return [text for (text,) in cursor.fetchall()]


def test_a_call_alternating_between_servers_keeps_every_turn(cluster):
    stack, pg_port = cluster
    sender = f"alt-{uuid.uuid4().hex[:8]}"
    start_call(stack, sender)
    for number, reply in enumerate(GOOD_CALL):
        assert coached(stack.say(sender, reply, SERVERS[number % 2]))
    assert turn_numbers(stack, sender) == list(range(1, len(GOOD_CALL) + 1))
    sent = ["start practice", "Pat Scale", menu_number(LOGISTICS), *GOOD_CALL]
    assert user_messages_in_postgres(pg_port, sender) == sent


def test_messages_reaching_both_servers_at_once_are_handled_one_at_a_time(cluster):
    """Without the Redis lock both servers would read the same tracker and score
    the same turn twice; with it the second waits for the first.
    """
    stack, _ = cluster
    senders = [f"race-{uuid.uuid4().hex[:8]}" for _ in range(6)]
    for sender in senders:
        start_call(stack, sender)

    def pair(sender: str, replies: list[str]) -> list[bool]:
        with ThreadPoolExecutor(2) as both:
            return list(both.map(lambda r, s: coached(stack.say(sender, r, s)), replies, SERVERS))

    with ThreadPoolExecutor(len(senders)) as pool:
        for first in (0, 2):
            replies = [GOOD_CALL[first : first + 2]] * len(senders)
            answers = list(pool.map(pair, senders, replies))
            assert answers == [[True, True]] * len(senders)
    for sender in senders:
        assert turn_numbers(stack, sender) == [1, 2, 3, 4]


def test_a_call_goes_on_when_the_server_it_was_on_crashes(cluster):
    stack, pg_port = cluster
    sender = f"crash-{uuid.uuid4().hex[:8]}"
    start_call(stack, sender)
    assert coached(stack.say(sender, GOOD_CALL[0], "rasa-a"))
    stack.kill("rasa-a")
    assert coached(stack.say(sender, GOOD_CALL[1], "rasa-b"))
    stack.start_rasa("rasa-a", endpoints=ROOT / "endpoints.scale.yml")
    assert coached(stack.say(sender, GOOD_CALL[2], "rasa-a"))
    assert turn_numbers(stack, sender) == [1, 2, 3]
    assert user_messages_in_postgres(pg_port, sender)[-3:] == GOOD_CALL[:3]
