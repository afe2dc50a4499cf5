"""What every action shares: the scenario catalogue and the scores store,
built lazily on first use (nothing heavy at import time) and reused.
"""

from __future__ import annotations

import abc
import asyncio
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from salescoach import keys, messages
from salescoach.accounts import signin
from salescoach.practice import chat_text, scenario
from salescoach.practice.state import CallState
from salescoach.store import Store
from salescoach.web.protocol import WEB_CLIENT

T = TypeVar("T")


@dataclass(frozen=True)
class Client:
    """Who sent the latest message, from the metadata the page server adds to each one.

    The web page gets coach feedback as custom payloads for its panel; every
    other channel (rasa shell, plain REST) gets the same feedback as text. The
    rep's name and team come only from an identity the page server signed for
    this conversation, on every message: nothing a page sends, and nothing a
    cleared slot forgets, can put a call under someone else's name.
    """

    web: bool = False
    exam: bool = False
    team: str | None = None
    rep: str | None = None


def client(tracker: Tracker) -> Client:
    metadata = tracker.latest_message.get("metadata") or {}
    if not isinstance(metadata, dict) or metadata.get("client") != WEB_CLIENT:
        return Client()
    identity = signin.trusted_identity(metadata.get(signin.IDENTITY), tracker.sender_id)
    if identity is None:
        return Client(web=True, exam=metadata.get("exam") is True)
    return Client(
        web=True,
        exam=metadata.get("exam") is True,
        team=identity["team"],
        rep=identity["name"],
    )


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


SEAL = "seal"


def sealed(state: CallState) -> dict[str, Any]:
    """The call's state for the Rasa slot, signed: the slot travels through Rasa and
    any caller of the action server, and scores are computed from it."""
    return keys.sign(state.to_slot(), SEAL)


def opened(slot: Any) -> CallState | None:
    """The state in a slot, if this service sealed it; a forged or edited one is no call."""
    return CallState.from_slot(slot) if keys.verified(slot, SEAL) else None


def current(tracker: Tracker) -> tuple[scenario.Scenario, CallState] | None:
    """The scenario and state of the running practice call, or None if there is none."""
    state = opened(tracker.get_slot("session_state"))
    if not tracker.get_slot("practice_active") or state is None:
        return None
    chosen = scenario.find(scenario.default_folder(), state.scenario_id)
    return (chosen, state) if chosen else None


def typed(tracker: Tracker, intent: str | None = None) -> str:
    """What the rep typed last, or last with ``intent`` (the name the rep form asks for
    is no sign of the language they want the list in; their "开始练习" is)."""
    if intent is not None:
        for event in reversed(tracker.events):
            parsed = event.get("parse_data") or {}
            if event.get("event") == "user" and (parsed.get("intent") or {}).get("name") == intent:
                return event.get("text") or ""
    return tracker.latest_message.get("text") or ""


def language(tracker: Tracker, asked_with: str | None = None) -> str:
    """The language to answer in: the running call's scenario's; outside a call the
    rep's chosen one (slot ``language``), else that of what they typed (with
    ``asked_with``, of their last message with that intent)."""
    running = current(tracker)
    if running is not None:
        return running[0].language
    return chat_text.rep_language(tracker.get_slot("language"), typed(tracker, asked_with))


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
            text = messages.text("chat.not_practising", language(tracker))
            dispatcher.utter_message(text=text)
            return [SlotSet("practice_active", False)]
        return await self.in_call(dispatcher, tracker, *running)
