"""What every action shares: the scenario catalogue and the scores store,
built lazily on first use (nothing heavy at import time) and reused.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from salescoach.practice import scenario
from salescoach.practice.state import CallState
from salescoach.store import MAX_TEAM, Store
from salescoach.web.server import WEB_CLIENT

T = TypeVar("T")


@dataclass(frozen=True)
class Client:
    """Who sent the latest message, from the metadata the web page adds to each one.

    The web page gets coach feedback as custom payloads for its panel; every
    other channel (rasa shell, plain REST) gets the same feedback as text.
    """

    web: bool = False
    exam: bool = False
    team: str | None = None


def client(tracker: Tracker) -> Client:
    metadata = tracker.latest_message.get("metadata") or {}
    if not isinstance(metadata, dict) or metadata.get("client") != WEB_CLIENT:
        return Client()
    team = " ".join(str(metadata.get("team") or "").split())[:MAX_TEAM]
    return Client(web=True, exam=metadata.get("exam") is True, team=team or None)


def scenarios() -> dict[str, scenario.Scenario]:
    """Re-read when a trainer adds or edits a file, so reps can pick it right away."""
    return scenario.load_dir_cached(scenario.default_folder())


@lru_cache(maxsize=1)
def store() -> Store:
    return Store()


async def write(method: Callable[..., T], *args: Any) -> T:
    """Run a store write off the event loop so one slow disk never stalls other reps."""
    db = store()

    def locked() -> T:
        with db.lock:
            return method(*args)

    return await asyncio.to_thread(locked)


STATE_KEY_ENV = "SALESCOACH_STATE_KEY"
STATE_KEY_FILE = Path("var/state.key")
SEAL = "seal"


@lru_cache(maxsize=1)
def _state_key() -> bytes:
    """The action servers' secret: ``SALESCOACH_STATE_KEY``, or ``var/state.key``
    (made on first use, readable by this user only; shared by servers on one host)."""
    if os.environ.get(STATE_KEY_ENV):
        return os.environ[STATE_KEY_ENV].encode()
    try:
        return STATE_KEY_FILE.read_bytes().strip()
    except FileNotFoundError:
        STATE_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode()
        with contextlib.suppress(FileExistsError):
            fd = os.open(STATE_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
        return STATE_KEY_FILE.read_bytes().strip()


def _digest(data: dict[str, Any]) -> str:
    body = json.dumps({k: v for k, v in data.items() if k != SEAL}, sort_keys=True)
    return hmac.new(_state_key(), body.encode(), hashlib.sha256).hexdigest()


def sealed(state: CallState) -> dict[str, Any]:
    """The call's state for the Rasa slot, signed: the slot travels through Rasa and
    any caller of the action server, and scores are computed from it."""
    data = state.to_slot()
    return {**data, SEAL: _digest(data)}


def opened(slot: Any) -> CallState | None:
    """The state in a slot, if this service sealed it; a forged or edited one is no call."""
    if not isinstance(slot, dict) or not hmac.compare_digest(
        str(slot.get(SEAL, "")), _digest(slot)
    ):
        return None
    return CallState.from_slot(slot)


def current(tracker: Tracker) -> tuple[scenario.Scenario, CallState] | None:
    """The scenario and state of the running practice call, or None if there is none."""
    state = opened(tracker.get_slot("session_state"))
    if not tracker.get_slot("practice_active") or state is None:
        return None
    chosen = scenario.find(scenario.default_folder(), state.scenario_id)
    return (chosen, state) if chosen else None


class InCallAction(Action, abc.ABC):
    """An action that only makes sense during a practice call.

    Without a running call (none started, or its scenario file was removed) it
    says so and clears ``practice_active``, so a rep can never be stuck in a
    call that cannot go on. Abstract, so rasa-sdk does not register it.
    """

    @abc.abstractmethod
    def name(self) -> str: ...

    @abc.abstractmethod
    async def in_call(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        chosen: scenario.Scenario,
        state: CallState,
    ) -> list[EventType]: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        running = current(tracker)
        if running is None:
            dispatcher.utter_message(response="utter_not_practising")
            return [SlotSet("practice_active", False)]
        return await self.in_call(dispatcher, tracker, *running)
