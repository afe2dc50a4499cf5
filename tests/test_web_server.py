"""The page server's own behaviour, with Rasa replaced by what it can answer:
nothing at all (down), an empty list (the coach is down), or messages.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

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
