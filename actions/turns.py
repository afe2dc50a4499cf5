"""Score each reply during role-play, let the customer answer, give hints."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from actions.scorecard import finish
from salescoach import messages
from salescoach.practice import chat_text, scorecard, session
from salescoach.practice.scenario import Scenario
from salescoach.practice.state import CallState
from salescoach.web import coach_panel


class ActionScoreReply(engine.InCallAction):
    def name(self) -> str:
        return "action_score_reply"

    async def in_call(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        chosen: Scenario,
        state: CallState,
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if text.startswith(chat_text.CHOOSE_PREFIX):
            # A scenario button pressed mid-call (a page reloaded): not a reply to score.
            dispatcher.utter_message(text=messages.text("chat.end_call_first", chosen.language))
            return []
        turn = session.take_turn(chosen, state, text, tracker.latest_message)
        result, card = (
            turn.result.to_json(),
            scorecard.build(chosen.id, turn.state, chosen.language),
        )
        session_id = tracker.get_slot("session_id")
        turn_id = tracker.latest_message.get("message_id") or f"{session_id}:{turn.state.turn}"
        store = engine.store()
        await engine.write(
            store.record_turn,
            turn_id,
            session_id,
            turn.state.turn,
            text,
            turn.customer.line,
            result,
            card,
        )
        dispatcher.utter_message(text=chat_text.customer(chosen, turn.customer.line))
        sender = engine.client(tracker)
        if not sender.web:
            dispatcher.utter_message(text=chat_text.coach(turn.result, chosen.language))
        elif not turn.state.exam:
            panel = coach_panel.payload(result, turn.state, chosen.language)
            dispatcher.utter_message(json_message={"coach": panel})
        events: list[EventType] = [SlotSet("session_state", engine.sealed(turn.state))]
        if turn.customer.ended:
            events += await finish(dispatcher, tracker, card, chosen.language)
        return events


class ActionGiveHint(engine.InCallAction):
    def name(self) -> str:
        return "action_give_hint"

    async def in_call(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        chosen: Scenario,
        state: CallState,
    ) -> list[EventType]:
        if state.exam:
            dispatcher.utter_message(text=messages.text("chat.hints_off", chosen.language))
            return []
        hint = chat_text.hint(chosen, state)
        session_id = tracker.get_slot("session_id")
        hint_id = tracker.latest_message.get("message_id") or f"{session_id}:hint:{state.turn}"
        store = engine.store()
        await engine.write(store.record_hint, hint_id, session_id, state.turn, hint)
        if engine.client(tracker).web:
            dispatcher.utter_message(json_message={"hint": hint})
        else:
            dispatcher.utter_message(text=hint)
        return []
