"""Score each reply during role-play, let the customer answer, give hints."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from actions.scorecard import finish
from salescoach import chat_text, scorecard, session
from salescoach.scenario import Scenario


class ActionScoreReply(engine.InCallAction):
    def name(self) -> str:
        return "action_score_reply"

    async def in_call(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        chosen: Scenario,
        state: dict[str, Any],
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        turn = session.take_turn(chosen, state, text)
        session_id = tracker.get_slot("session_id")
        turn_id = tracker.latest_message.get("message_id") or f"{session_id}:{turn.state['turn']}"
        store = engine.store()
        await engine.write(
            store.record_turn,
            turn_id,
            session_id,
            turn.state["turn"],
            text,
            turn.customer.line,
            turn.result.to_json(),
            scorecard.build(chosen.id, turn.state),
        )
        dispatcher.utter_message(text=chat_text.customer(chosen, turn.customer.line))
        dispatcher.utter_message(text=chat_text.coach(turn.result))
        events: list[EventType] = [SlotSet("session_state", turn.state)]
        if turn.customer.ended:
            events += await finish(dispatcher, chosen, turn.state, session_id)
        return events


class ActionGiveHint(engine.InCallAction):
    def name(self) -> str:
        return "action_give_hint"

    async def in_call(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        chosen: Scenario,
        state: dict[str, Any],
    ) -> list[EventType]:
        dispatcher.utter_message(text=chat_text.hint(chosen, state))
        return []
