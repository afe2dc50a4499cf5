"""The page server's own behaviour, with Rasa replaced by what it can answer:
nothing at all (down), an empty list (the coach is down), or messages.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescoach.web import server as web
from tests.live import free_port


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


@pytest.fixture
def rasa():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeRasa.seen.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


BODY = {
    "sender": "web-12345678",
    "text": "How do you back up today?",
    "exam": True,
    "team": "north",
}


def test_messages_pass_through_with_the_web_metadata(rasa):
    FakeRasa.answer = [{"recipient_id": "web-12345678", "text": "Dana Reyes: Tapes."}]
    status, answer = web.rasa_message(rasa, BODY)
    assert status == 200 and answer["messages"] == FakeRasa.answer
    [sent] = FakeRasa.seen
    assert sent["metadata"] == {"client": "salescoach-web", "exam": True, "team": "north"}
    assert sent["message"] == BODY["text"] and sent["sender"] == BODY["sender"]


def test_an_empty_answer_means_the_coach_is_down(rasa):
    FakeRasa.answer = []
    status, answer = web.rasa_message(rasa, BODY)
    assert status == 503 and answer == {"error": web.COACH_DOWN, "retry": True}


def test_rasa_not_answering_is_a_clear_retryable_error():
    status, answer = web.rasa_message(f"http://127.0.0.1:{free_port()}", BODY)
    assert status == 503 and answer == {"error": web.RASA_DOWN, "retry": True}


def test_the_page_server_serves_its_own_files_only_with_a_strict_content_security_policy():
    server = web.PracticeServer(("127.0.0.1", 0), "http://127.0.0.1:9")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with urllib.request.urlopen(base + "/") as page:
            assert "default-src 'self'" in page.headers["Content-Security-Policy"]
            assert b'<script src="/app.js"' in page.read()
        with urllib.request.urlopen(base + "/app.js") as script:
            assert "innerHTML" not in script.read().decode()
        for outside in ("/../pyproject.toml", "/var/scores.db", "/scores.db", "/api/report"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(base + outside)
            assert err.value.code == 404, outside
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(rasa):
    server = web.PracticeServer(("127.0.0.1", 0), rasa, rasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def raw(server, head: bytes, body: bytes = b"") -> bytes:
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as conn:
        conn.sendall(head + b"\r\n\r\n" + body)
        return conn.recv(4096)


@pytest.mark.parametrize(
    "length",
    [b"Content-Length: -1", b"Content-Length: 1e3", b"Content-Length: 5\r\nContent-Length: 7"],
    ids=["negative", "not-digits", "two"],
)
def test_an_invalid_length_is_a_400_before_any_body_is_read(page, length):
    head = b"POST /api/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + length
    started = time.monotonic()
    answer = raw(page, head, b"x" * 1000)
    assert answer.startswith(b"HTTP/1.0 400 ") and b"Content-Length" in answer
    assert time.monotonic() - started < 5


def test_json_nested_too_deep_is_a_400_not_a_traceback(page):
    body = b"[" * 2000 + b"]" * 2000
    request = urllib.request.Request(
        f"http://127.0.0.1:{page.server_port}/api/message",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 400 and "nested" in json.loads(err.value.read())["error"]


def test_a_silent_client_is_let_go_and_the_page_keeps_serving(page, monkeypatch):
    monkeypatch.setattr(web.Handler, "timeout", 0.5)
    with socket.create_connection(("127.0.0.1", page.server_port), timeout=10) as idle:
        idle.sendall(b"POST /api/message HTTP/1.1\r\n")
        time.sleep(1)
        assert idle.recv(4096) == b""
    with urllib.request.urlopen(f"http://127.0.0.1:{page.server_port}/", timeout=5) as ok:
        assert ok.status == 200


def test_health_names_what_is_not_ready(rasa):
    down = f"http://127.0.0.1:{free_port()}"
    server = web.PracticeServer(("127.0.0.1", 0), rasa, down)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/health", timeout=10)
        assert err.value.code == 503
        assert json.loads(err.value.read()) == {
            "status": "not ready",
            "page": "ready",
            "rasa": "ready",
            "coach": "not answering",
        }
    finally:
        server.shutdown()
        server.server_close()


def test_health_is_ok_when_everything_answers(page):
    with urllib.request.urlopen(f"http://127.0.0.1:{page.server_port}/health", timeout=10) as ok:
        assert json.loads(ok.read()) == {
            "status": "ok",
            "page": "ready",
            "rasa": "ready",
            "coach": "ready",
        }


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
    head = b"POST /api/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    with socket.create_connection(("127.0.0.1", page.server_port), timeout=10) as conn:
        conn.sendall(head + b"Content-Length: " + length.encode() + b"\r\n\r\n" + body)
        conn.shutdown(socket.SHUT_WR)
        with contextlib.suppress(OSError):
            conn.recv(4096)
    with urllib.request.urlopen(f"http://127.0.0.1:{page.server_port}/", timeout=5) as ok:
        assert ok.status == 200
