"""The reps' practice page: static files, and one endpoint that passes chat
messages to Rasa's REST channel.

Passing messages through (rather than the page calling Rasa directly) keeps
the page and its API on one origin, so Rasa needs no CORS and its port stays
private, and it turns failures into messages a rep understands: Rasa not
answering, or the coach (the action server) not answering, which our REST
channel marks ``coach_unavailable`` (salescoach_channels/rest.py). Nothing is
lost either way: the page keeps the rep's text for Retry, and the session
lives in Rasa's tracker store.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from salescoach.practice.chat_text import MAX_MESSAGE
from salescoach.store import MAX_TEAM

WEB_CLIENT = "salescoach-web"
COACH_UNAVAILABLE = "coach_unavailable"
MAX_BODY = 64 * 1024
MAX_NESTING = 32
RASA_TIMEOUT = 60
HEALTH_TIMEOUT = 2
SOCKET_TIMEOUT = 30
"""A client that sends nothing for this long is let go: 200 slow clients no longer
hold 200 threads for good."""
BACKLOG = 256
"""Connections waiting to be accepted: a workshop of 200 reps opening the page at once."""
SENDER = re.compile(r"[A-Za-z0-9_-]{8,64}")
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
RASA_DOWN = "The practice server is not answering. Your message was kept: press Retry."
COACH_DOWN = "The coach is reconnecting. Your reply was not scored yet: press Retry in a moment."


class BadRequest(Exception):
    """A request the page would never send: answered 4xx with the reason."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def rasa_message(rasa_url: str, body: dict[str, Any]) -> tuple[HTTPStatus, dict[str, Any]]:
    """Forward one chat message; the page's JSON in, the page's JSON out."""
    sender, text = body.get("sender"), body.get("text")
    if not isinstance(sender, str) or not SENDER.fullmatch(sender):
        raise BadRequest(HTTPStatus.BAD_REQUEST, "sender: 8-64 letters, digits, '-' or '_'")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest(HTTPStatus.BAD_REQUEST, "text: the message is empty")
    if len(text) > MAX_MESSAGE:
        raise BadRequest(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"text: over {MAX_MESSAGE} characters"
        )
    metadata = {"client": WEB_CLIENT, "exam": body.get("exam") is True}
    if isinstance(body.get("team"), str):
        metadata["team"] = body["team"][:MAX_TEAM]
    request = urllib.request.Request(
        f"{rasa_url.rstrip('/')}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text, "metadata": metadata}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=RASA_TIMEOUT) as response:
            messages = json.loads(response.read())
    except (OSError, ValueError):
        return HTTPStatus.SERVICE_UNAVAILABLE, {"error": RASA_DOWN, "retry": True}
    if not messages or any(m.get(COACH_UNAVAILABLE) for m in messages):
        return HTTPStatus.SERVICE_UNAVAILABLE, {"error": COACH_DOWN, "retry": True}
    return HTTPStatus.OK, {"messages": messages}


def _nesting(data: bytes) -> int:
    """How deep brackets go, strings aside: checked before json.loads, which recurses."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            escaped, in_string = (False, True) if escaped else (byte == 92, byte != 34)
        elif byte == 34:
            in_string = True
        elif byte in (91, 123):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (93, 125):
            depth -= 1
    return deepest


class Handler(BaseHTTPRequestHandler):
    server: PracticeServer
    server_version = "salescoach"
    sys_version = ""
    timeout = SOCKET_TIMEOUT

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/health":
            parts = {"page": "ready", **self.server.backends()}
            ready = all(state == "ready" for state in parts.values())
            status = HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE
            self._json(status, {"status": "ok" if ready else "not ready", **parts})
            return
        if path not in STATIC:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        name, content_type = STATIC[path]
        self._send(
            HTTPStatus.OK,
            (resources.files("salescoach.web") / "static" / name).read_bytes(),
            content_type,
        )

    def do_POST(self) -> None:
        if self.path != "/api/message":
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        try:
            status, answer = rasa_message(self.server.rasa_url, self._body())
        except BadRequest as err:
            status, answer = err.status, {"error": str(err)}
        self._json(status, answer)

    def _body(self) -> dict[str, Any]:
        if "application/json" not in (self.headers.get("Content-Type") or ""):
            raise BadRequest(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json")
        raw = self.headers.get_all("Content-Length") or ["0"]
        if len(raw) > 1 or not raw[0].isdigit() or self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise BadRequest(HTTPStatus.BAD_REQUEST, "bad Content-Length: a whole number of bytes")
        length = int(raw[0])
        if length > MAX_BODY:
            self.close_connection = True
            raise BadRequest(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body over {MAX_BODY} bytes")
        data = self.rfile.read(length)
        if _nesting(data) > MAX_NESTING:
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"JSON nested over {MAX_NESTING} deep")
        try:
            body = json.loads(data or b"null")
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise BadRequest(HTTPStatus.BAD_REQUEST, "body is not JSON") from None
        if not isinstance(body, dict):
            raise BadRequest(HTTPStatus.BAD_REQUEST, "body must be a JSON object")
        return body

    def _json(self, status: HTTPStatus, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: chat text never goes to a log line."""


class PracticeServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], rasa_url: str, actions_url: str = "") -> None:
        super().__init__(address, Handler)
        self.rasa_url = rasa_url
        self.actions_url = actions_url

    def backends(self) -> dict[str, str]:
        """Whether Rasa and the action server answer now: the page alone is no practice."""
        found = {"rasa": _answers(self.rasa_url + "/")}
        if self.actions_url:
            found["coach"] = _answers(self.actions_url + "/health")
        return found


def _answers(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT) as answer:
            return "ready" if answer.status == HTTPStatus.OK else f"answers {answer.status}"
    except (OSError, ValueError):
        return "not answering"
