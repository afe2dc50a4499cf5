"""End the practice call and show the scorecard."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from salescoach import messages
from salescoach.practice import chat_text, scorecard
from salescoach.practice.scenario import Scenario
from salescoach.practice.state import CallState
from salescoach.web import coach_panel


async def finish(
    dispatcher: CollectingDispatcher, tracker: Tracker, card: dict[str, Any], language: str
) -> list[EventType]:
    """Save the scorecard before showing it, so what the rep sees is in the database;
    the card and the last line are in the call's ``language``."""
    await engine.write(engine.store().end_session, tracker.get_slot("session_id"), card)
    if engine.client(tracker).web:
        panel = coach_panel.scorecard(card, language)
        dispatcher.utter_message(json_message={"scorecard": panel})
    else:
        dispatcher.utter_message(text=chat_text.scorecard(card, language))
    dispatcher.utter_message(text=messages.text("chat.after_practice", language))
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
        card = scorecard.build(chosen.id, state, chosen.language)
        return await finish(dispatcher, tracker, card, chosen.language)
