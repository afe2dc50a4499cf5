"""End the practice call and show the scorecard."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from salescoach.practice import chat_text, scorecard
from salescoach.practice.scenario import Scenario
from salescoach.practice.state import CallState
from salescoach.web import coach_panel


async def finish(
    dispatcher: CollectingDispatcher, tracker: Tracker, card: dict[str, Any]
) -> list[EventType]:
    """Save the scorecard before showing it, so what the rep sees is in the database."""
    await engine.write(engine.store().end_session, tracker.get_slot("session_id"), card)
    if engine.client(tracker).web:
        dispatcher.utter_message(json_message={"scorecard": coach_panel.scorecard(card)})
    else:
        dispatcher.utter_message(text=chat_text.scorecard(card))
    dispatcher.utter_message(response="utter_after_practice")
    return [SlotSet("practice_active", False), SlotSet("session_state", None)]


class ActionEndPractice(engine.InCallAction):
    def name(self) -> str:
        return "action_end_practice"

    async def in_call(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        chosen: Scenario,
        state: CallState,
    ) -> list[EventType]:
        return await finish(dispatcher, tracker, scorecard.build(chosen.id, state))
