"""What survives a crash, what a malformed request gets and who can see what: the
real stack, processes killed with SIGKILL, requests sent by hand.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import salescoach_sanic
from rasa_sdk_plugins import MAX_ACTION_CALL
from salescoach import messages
from salescoach.practice.chat_text import reconnecting
from tests.calls import GOOD_CALL, LOGISTICS, menu_number
from tests.live import ACTION_TOKEN, TOKEN, running

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running(tmp_path_factory.mktemp("faults")) as live:
        yield live


def post(url: str, body: bytes) -> tuple[int, dict | list | None]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def webhook(stack, server: str) -> tuple[int, bytes, str]:
    """Port, webhook path and health path of the Rasa or the action server."""
    return {
        "rasa": (stack.rasa_port, b"/webhooks/rest/webhook", "/"),
        "action": (stack.action_port, b"/webhook", "/health"),
    }[server]


def scores(stack, sender):
    return [score for _, score in stack.stored_turns(sender)]


def coach_scores(messages):
    return [
        int(m["text"].split()[1].split("/")[0])
        for m in messages
        if m.get("text", "").startswith("Coach: ")
    ]


def test_killing_the_coach_mid_call_gets_a_polite_line_and_loses_nothing(stack):
    sender = f"crash-{uuid.uuid4().hex[:8]}"
    for text in ("start practice", "Cora Crash", menu_number(LOGISTICS)):
        stack.say(sender, text)
    shown = coach_scores(stack.say(sender, GOOD_CALL[0]))
    stack.kill("actions")
    try:
        answer = stack.say(sender, GOOD_CALL[1])
        assert answer == [{"text": reconnecting(GOOD_CALL[1]), "coach_unavailable": True}]
        assert answer[0]["text"].startswith("The coach is reconnecting")
        assert "Traceback" not in json.dumps(answer)
    finally:
        stack.start_actions()
    for reply in GOOD_CALL[1:3]:
        answer = stack.say(sender, reply)
        assert answer[0]["text"].startswith("Dana Reyes: ")
        shown += coach_scores(answer)
    assert scores(stack, sender) == shown and len(shown) == 3


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (json.dumps({"message": "hi"}).encode(), 400),
        (json.dumps({"sender": "a"}).encode(), 400),
        (b"[1, 2]", 400),
        (json.dumps({"sender": "a", "message": 5}).encode(), 400),
        (json.dumps({"sender": "a", "message": "x" * 20_000}).encode(), 413),
        (json.dumps({"sender": "a", "message": "x" * 2_000_000}).encode(), 413),
    ],
    ids=["bad-json", "no-sender", "no-message", "array", "number", "long", "huge"],
)
def test_malformed_chat_requests_get_a_4xx_and_rasa_carries_on(stack, body, status):
    code, answer = post(f"http://127.0.0.1:{stack.rasa_port}/webhooks/rest/webhook", body)
    assert code == status and "error" in answer
    assert stack.say(f"ok-{uuid.uuid4().hex[:8]}", "hello")[0]["text"].startswith("Hi!")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"{}", 400),
        (b"", 400),
        (b'["action_score_reply"]', 400),
        (json.dumps({"next_action": "action_score_reply"}).encode(), 400),
        (json.dumps({"next_action": 7, "tracker": {}}).encode(), 400),
        (json.dumps({"next_action": "action_nope", "tracker": {}}).encode(), 404),
    ],
    ids=["bad-json", "empty-object", "empty", "array", "no-tracker", "number", "unknown"],
)
def test_malformed_action_requests_get_a_4xx_and_the_action_server_carries_on(stack, body, status):
    code, answer = post(f"http://127.0.0.1:{stack.action_port}/webhook?token={ACTION_TOKEN}", body)
    assert code == status and "error" in answer
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.action_port}/health") as health:
        assert health.status == 200


def test_a_huge_action_call_is_refused_before_its_body_is_read(stack):
    with socket.create_connection(("127.0.0.1", stack.action_port), timeout=30) as conn:
        conn.sendall(
            b"POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % (MAX_ACTION_CALL + 1)
        )
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ") and b"too large" in answer
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.action_port}/health") as health:
        assert health.status == 200


@pytest.mark.parametrize("server", ["rasa", "action"])
@pytest.mark.parametrize(
    "length",
    [
        b"Content-Length: -1",
        b"Content-Length: abc",
        b"Content-Length: 5\r\nContent-Length: 9",
        b"Content-Length: 5\r\nTransfer-Encoding: chunked",
    ],
    ids=["negative", "not-a-number", "two-lengths", "length-and-chunked"],
)
def test_an_invalid_content_length_gets_a_400_and_the_server_answers_right_after(
    stack, server, length
):
    """Sanic 21.12 spun at 100 % CPU for good on 'Content-Length: -1' (salescoach_sanic)."""
    port, path, health = webhook(stack, server)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(
            b"POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"%s\r\n\r\n{}" % (path, length)
        )
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400 ")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{health}", timeout=10) as reply:
        assert reply.status == 200


SLOW_CLIENTS = 100


def test_clients_trickling_a_request_are_cut_off_and_hold_no_one_up(stack):
    """Slowloris: per server, 100 clients send a header byte a second and 100 a body
    byte a second; Sanic alone would keep them for good (its timer restarts on
    every byte). Each gets a 4xx (408; the action server may refuse a call
    without its token first) or a closed connection."""
    starts = (b"X-Slow: ", b"Content-Type: application/json\r\nContent-Length: 999\r\n\r\n")
    trickling = []
    for port, path, _ in (webhook(stack, "rasa"), webhook(stack, "action")):
        for start in starts:
            for _ in range(SLOW_CLIENTS):
                conn = socket.create_connection(("127.0.0.1", port), timeout=10)
                conn.sendall(b"POST " + path + b" HTTP/1.1\r\nHost: x\r\n" + start)
                trickling.append(conn)
    answered = False
    for second in range(salescoach_sanic.REQUEST_SECONDS + 3):
        for conn in trickling:
            with contextlib.suppress(OSError):
                conn.send(b" ")
        if second == 2:
            with urllib.request.urlopen(f"http://127.0.0.1:{stack.action_port}/health", timeout=5):
                answered = bool(stack.say(f"patient-{uuid.uuid4().hex[:8]}", "hello"))
        time.sleep(1)
    assert answered
    cut_off = 0
    for conn in trickling:
        conn.setblocking(False)
        with conn, contextlib.suppress(OSError):
            answer = conn.recv(4096)  # answered by now, or BlockingIOError: still held
            cut_off += answer == b"" or answer.startswith(b"HTTP/1.1 4")
    assert cut_off == len(trickling)


def test_rasa_http_api_needs_the_token(stack):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"http://127.0.0.1:{stack.rasa_port}/status", timeout=10)
    assert err.value.code == 401
    tracker = f"http://127.0.0.1:{stack.rasa_port}/conversations/someone/tracker"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(tracker, timeout=10)
    assert err.value.code == 401
    with urllib.request.urlopen(f"{tracker}?token={TOKEN}", timeout=10) as ok:
        assert ok.status == 200


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port``, from /proc/net/tcp."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":
            found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_a_rep_in_chat_sees_no_one_elses_scores(stack):
    """Scores are read only by the lead's CLI on the host; chat never reads the database."""
    other = f"other-{uuid.uuid4().hex[:8]}"
    for text in ("start practice", "Olga Other", menu_number(LOGISTICS), *GOOD_CALL[:3]):
        stack.say(other, text)
    sender = f"nosy-{uuid.uuid4().hex[:8]}"
    asks = [
        "show me Olga Other's scores", "report", "scorecard for everyone",
        "select * from turns", "what did the others score?",
    ]  # fmt: skip
    seen = json.dumps([stack.say(sender, ask) for ask in asks])
    assert "Olga" not in seen and "Coach: " not in seen
    assert all(reply not in seen for reply in GOOD_CALL[:3])
    assert scores(stack, other) and not scores(stack, sender)


def test_servers_listen_on_loopback_only(stack):
    assert listening_addresses(stack.action_port) == {"127.0.0.1"}
    assert listening_addresses(stack.rasa_port) == {"127.0.0.1"}


LENGTHS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.sampled_from(["", " ", "1e3", "0x10", "+5", "5 5", "٣", "-0", "99999999999999999999"]),
)
JUNK = st.binary(max_size=200)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    server=st.sampled_from(["rasa", "action"]),
    length=LENGTHS,
    extra=st.sampled_from([b"", b"Transfer-Encoding: chunked\r\n", b"Expect: 100-continue\r\n"]),
    body=JUNK,
)
def test_fuzzed_requests_never_stop_a_server(stack, server, length, extra, body):
    """Whatever the length header and body, the server answers its health URL after."""
    port, path, health = webhook(stack, server)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + extra + b"Content-Length: " + length.encode() + b"\r\n\r\n" + body
        )  # fmt: skip
        conn.shutdown(socket.SHUT_WR)
        with contextlib.suppress(OSError):
            conn.recv(4096)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{health}", timeout=10) as reply:
        assert reply.status == 200


def test_a_forged_action_call_is_refused_and_changes_nothing(stack):
    """A hand-made call with an invented state (every reply 100) scores nothing."""
    sender = f"forger-{uuid.uuid4().hex[:8]}"
    stack.say(sender, "hello")
    stack.say(sender, menu_number(LOGISTICS))
    stack.say(sender, GOOD_CALL[0])
    before = stack.stored_turns(sender)
    forged = {
        "scenario_id": LOGISTICS,
        "seed": "x",
        "patience": 99,
        "trust": 99,
        "turn": 5,
        "turns": [
            {
                "score": 100,
                "spin": ["need_payoff"],
                "open": [True],
                "sandwich": None,
                "sandwich_parts": None,
                "objection": None,
                "steps": [],
                "signals": [],
            }
        ],
    }
    call = {
        "next_action": "action_end_practice",
        "tracker": {
            "sender_id": sender,
            "slots": {"practice_active": True, "session_state": forged, "session_id": "x" * 32},
            "latest_message": {"text": "end", "intent": {}}, "events": [], "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {}, "version": "3.6.2",
    }  # fmt: skip
    url = f"http://127.0.0.1:{stack.action_port}/webhook?token={ACTION_TOKEN}"
    code, answer = post(url, json.dumps(call).encode())
    assert code == 200
    assert [r["text"] for r in answer["responses"]] == [messages.text("chat.not_practising")]
    assert stack.stored_turns(sender) == before


@pytest.mark.parametrize("query", ["", "?token=guess"], ids=["no-token", "wrong-token"])
def test_only_rasa_may_call_the_action_server(stack, query):
    call = {"next_action": "action_score_reply", "tracker": {"sender_id": "x", "slots": {}}}
    code, answer = post(
        f"http://127.0.0.1:{stack.action_port}/webhook{query}", json.dumps(call).encode()
    )
    assert code == 401 and "Rasa" in answer["error"]
