"""Passing a signed-in rep's message to Rasa's REST channel, and asking whether
Rasa and the action server answer.

Passing messages through (rather than the page calling Rasa directly) keeps the
page and its API on one origin, so Rasa needs no CORS and its port stays private;
the conversation (sender id) and the signed identity come from the rep's session,
never from the page. Failures become messages a rep understands: Rasa not
answering, or the coach (the action server) not answering, which our REST channel
marks ``coach_unavailable``. Nothing is lost either way: the page keeps the rep's
text for Retry, and the call lives in Rasa's tracker store.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from salescoach import messages
from salescoach.accounts import signin
from salescoach.web.protocol import COACH_UNAVAILABLE, WEB_CLIENT

RASA_SECONDS = 60
HEALTH_SECONDS = 2


async def send(
    http: aiohttp.ClientSession,
    rasa_url: str,
    web: signin.WebSession,
    text: str,
    exam: bool,
    language: str = "en",
) -> tuple[int, dict[str, Any]]:
    """One chat message; (HTTP status, the page's JSON, its errors in ``language``)."""
    rasa_down = {"error": messages.text("page.rasa_down", language), "retry": True}
    coach_down = {"error": messages.text("page.coach_down", language), "retry": True}
    metadata = {"client": WEB_CLIENT, "exam": exam, signin.IDENTITY: signin.identity(web)}
    body = {"sender": web.sender, "message": text, "metadata": metadata}
    try:
        async with http.post(
            f"{rasa_url.rstrip('/')}/webhooks/rest/webhook",
            json=body,
            timeout=aiohttp.ClientTimeout(total=RASA_SECONDS),
        ) as answer:
            said = await answer.json(content_type=None)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return 503, rasa_down
    if not isinstance(said, list) or not said:
        return 503, coach_down
    if any(isinstance(m, dict) and m.get(COACH_UNAVAILABLE) for m in said):
        return 503, coach_down
    return 200, {"messages": said}


async def state(http: aiohttp.ClientSession, url: str) -> str:
    """'ready', or what is wrong: the page alone is no practice."""
    try:
        async with http.get(url, timeout=aiohttp.ClientTimeout(total=HEALTH_SECONDS)) as answer:
            return "ready" if answer.status == 200 else f"answers {answer.status}"
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return "not answering"
