"""The page server's own behaviour, over real HTTP, with Rasa replaced by what it can
answer: an empty list (the coach is down), the coach-unavailable mark, or messages.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescoach import keys, messages
from salescoach.accounts import signin
from salescoach.accounts.users import Accounts
from salescoach.store import Store
from tests.live import BIN, ROOT, free_port, stop, wait_for
from tests.page_client import PASSWORD, PageClient, add_account

STATE_KEY = "web-server-test-key"


class FakeRasa(BaseHTTPRequestHandler):
    answer: ClassVar[list] = []
    seen: ClassVar[list] = []

    def do_POST(self):
        FakeRasa.seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        body = json.dumps(FakeRasa.answer).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    rasa = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    threading.Thread(target=rasa.serve_forever, daemon=True).start()
    workdir = tmp_path_factory.mktemp("page")
    add_account(Accounts(Store(workdir / "scores.db")), "ana", "Ana Lima", team="north")
    port, log = free_port(), workdir / "web.log"
    env = {
        **os.environ,
        "SALESCOACH_DB": str(workdir / "scores.db"),
        keys.STATE_KEY_ENV: STATE_KEY,
    }
    proc = subprocess.Popen(
        [
            str(BIN / "salescoach"), "web", "--port", str(port),
            "--rasa", f"http://127.0.0.1:{rasa.server_port}",
            "--actions", f"http://127.0.0.1:{free_port()}",
        ],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    wait_for(base + "signin", proc, log)
    yield {"base": base, "port": port, "rasa": rasa}
    stop(proc)
    rasa.shutdown()


@pytest.fixture
def ana(page) -> PageClient:
    client = PageClient(page["base"])
    assert client.sign_in("ana") == 200
    FakeRasa.seen.clear()
    return client


def test_messages_go_to_the_sessions_conversation_with_a_signed_identity(ana, monkeypatch):
    FakeRasa.answer = [{"recipient_id": "x", "text": "Dana Reyes: Tapes."}]
    body = {"text": "How do you back up today?", "exam": True, "sender": "web-ben", "team": "south"}
    status, answer = ana.json("api/message", body)
    assert status == 200 and answer["messages"] == FakeRasa.answer
    [sent] = FakeRasa.seen
    assert sent["sender"].startswith("web-1-") and sent["message"] == body["text"]
    metadata = sent["metadata"]
    assert metadata["client"] == "salescoach-web" and metadata["exam"] is True
    assert "team" not in metadata
    monkeypatch.setenv(keys.STATE_KEY_ENV, STATE_KEY)
    keys.state_key.cache_clear()
    identity = signin.trusted_identity(metadata[signin.IDENTITY], sent["sender"])
    keys.state_key.cache_clear()
    assert identity["name"] == "Ana Lima" and identity["team"] == "north"
    ana.json("api/message", {"text": "And the second message?"})
    assert FakeRasa.seen[1]["sender"] == sent["sender"]


@pytest.mark.parametrize("answer", [[], [{"coach_unavailable": True, "text": "x"}]])
def test_the_coach_not_answering_is_a_clear_retryable_error(ana, answer):
    FakeRasa.answer = answer
    status, body = ana.json("api/message", {"text": "hello"})
    assert status == 503 and body == {"error": messages.text("page.coach_down"), "retry": True}
    status, body = ana.json("api/message", {"text": "hello"}, headers={"Accept-Language": "zh-TW"})
    assert status == 503 and body["error"].startswith("教練正在重新連接")


def test_each_sign_in_is_a_new_conversation(page, ana):
    FakeRasa.answer = [{"text": "ok"}]
    ana.json("api/message", {"text": "one"})
    again = PageClient(page["base"])
    again.sign_in("ana")
    again.json("api/message", {"text": "two"})
    first, second = (m["sender"] for m in FakeRasa.seen)
    assert first != second and second.startswith("web-1-")


def test_the_page_serves_its_own_files_only_with_a_strict_content_security_policy(ana):
    status, headers, body = ana.request("")
    assert status == 200 and "default-src 'self'" in headers["Content-Security-Policy"]
    assert b'<script src="/app.js"' in body and headers["X-Frame-Options"] == "DENY"
    assert "innerHTML" not in ana.request("app.js")[2].decode()
    assert "innerHTML" not in ana.request("signin.js")[2].decode()
    for outside in ("../pyproject.toml", "var/scores.db", "scores.db", "static/app.js"):
        assert ana.request(outside)[0] == 404, outside


def test_health_names_what_is_not_ready(page):
    status, answer = PageClient(page["base"]).json("health")
    assert status == 503
    assert answer == {
        "status": "not ready",
        "page": "ready",
        "rasa": "ready",
        "coach": "not answering",
    }


def test_the_sign_in_cookie_is_http_only_and_same_site(page):
    client = PageClient(page["base"])
    client.request("signin")
    client.csrf = next(c.value for c in client.jar if c.name == "salescoach_csrf")
    _, headers, _ = client.request("api/signin", {"login": "ana", "password": PASSWORD})
    cookie = headers["Set-Cookie"].lower()
    assert "salescoach_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    length=st.one_of(
        st.integers(min_value=-(2**40), max_value=2**40).map(str),
        st.sampled_from(["", "abc", "+5", "1e3", "٣"]),
    ),
    body=st.binary(max_size=300),
)
def test_fuzzed_requests_never_stop_the_page(page, length, body):
    head = b"POST /api/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    with socket.create_connection(("127.0.0.1", page["port"]), timeout=10) as conn:
        conn.sendall(head + b"Content-Length: " + length.encode() + b"\r\n\r\n" + body)
        conn.shutdown(socket.SHUT_WR)
        with contextlib.suppress(OSError):
            conn.recv(4096)
    with urllib.request.urlopen(page["base"] + "signin", timeout=5) as ok:
        assert ok.status == 200
