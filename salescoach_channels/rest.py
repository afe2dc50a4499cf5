"""Rasa's REST channel with two changes a practising rep needs.

- A malformed request (not a JSON object, no sender, a message that is not
  text, a body over 64 KB, an invalid Content-Length: see salescoach_sanic)
  gets a 4xx with the reason. Rasa's own channel
  answers such requests 200 (a missing sender silently becomes "default",
  a shared conversation) or 500.
- When a turn produces no message at all, which in this bot only happens
  when the action server (the coach) is down, the rep gets a polite
  "reconnecting" line instead of silence, in the language and script they
  typed, marked ``coach_unavailable`` so the web page can offer Retry
  (consoles ignore the extra key). The session itself is safe: its state is
  in the tracker store and every score already shown is in SQLite.

Registered under the name "rest", so the URL (/webhooks/rest/webhook) and
every client of it stay the same. Being the one module of ours every Rasa
server loads at start, it also installs the Sanic guard (salescoach_sanic) and
the checked-once action answer validator (salescoach_rasa).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import salescoach_rasa
import salescoach_sanic
from salescoach import text_input
from salescoach.practice import chat_text
from salescoach.web.protocol import COACH_UNAVAILABLE

MAX_BODY = 64 * 1024


def problem(request: Request) -> tuple[int, str] | None:
    """Why a request is malformed, or None."""
    if len(request.body or b"") > MAX_BODY:
        return 413, f"body over {MAX_BODY} bytes"
    try:
        body = request.json
    except Exception:  # Sanic raises its own error types for bad JSON
        return 400, "body is not JSON"
    if not isinstance(body, dict):
        return 400, "body must be a JSON object"
    if not isinstance(body.get("sender"), str) or not body["sender"].strip():
        return 400, "sender: a non-empty string is required"
    if not isinstance(body.get("message"), str):
        return 400, "message: a string is required"
    if len(body["message"]) > chat_text.MAX_MESSAGE:
        return 413, f"message: over {chat_text.MAX_MESSAGE} characters"
    return None


class CoachRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        """The rep's text as every other entry point keeps it (NFC, no lone surrogates)."""
        text = super()._extract_message(req)
        return text_input.clean(text) if isinstance(text, str) else text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        webhook.listener("before_server_start")(salescoach_sanic.install)
        webhook.listener("before_server_start")(salescoach_rasa.install)

        @webhook.middleware("request")
        async def reject_malformed(request: Request) -> HTTPResponse | None:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            found = problem(request)
            return None if found is None else response.json({"error": found[1]}, status=found[0])

        @webhook.middleware("response")
        async def never_silent(request: Request, answer: HTTPResponse) -> HTTPResponse | None:
            if request.method == "POST" and answer.status == 200 and answer.body == b"[]":
                said = request.json.get("message", "") if isinstance(request.json, dict) else ""
                line = chat_text.reconnecting(said)
                return response.json([{"text": line, COACH_UNAVAILABLE: True}])
            return None

        return webhook
