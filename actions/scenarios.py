"""List the scenarios and start the one the rep picks."""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from salescoach.practice import chat_text, session
from salescoach.practice.scenario import Scenario
from salescoach.scoring import chinese


class ActionListScenarios(Action):
    def name(self) -> str:
        return "action_list_scenarios"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        catalogue = engine.scenarios()
        if engine.client(tracker).web:
            dispatcher.utter_message(json_message={"scenarios": chat_text.menu_cards(catalogue)})
        else:
            buttons = [
                {"title": s.title, "payload": chat_text.choose_payload(s)}
                for s in catalogue.values()
            ]
            dispatcher.utter_message(text=chat_text.menu(catalogue), buttons=buttons)
        return [SlotSet("practice_active", False), SlotSet("session_state", None)]


def pick(catalogue: dict[str, Scenario], scenario_id: str | None, text: str) -> Scenario | None:
    """By id (button payload), by menu number ('2', '第二个', '选3'), or by a word of the title."""
    if scenario_id in catalogue:
        return catalogue[scenario_id]
    words = text.lower().split()
    digits = [int(w.strip(".#")) for w in words if w.strip(".#").isdigit()]
    if not digits and chinese.has_han(text) and (number := chinese.number_in(text)):
        digits = [number]
    if digits and 1 <= digits[0] <= len(catalogue):
        return list(catalogue.values())[digits[0] - 1]
    matches = [
        s for s in catalogue.values() if any(len(w) > 3 and w in s.title.lower() for w in words)
    ]
    return matches[0] if len(matches) == 1 else None


class ActionStartScenario(Action):
    def name(self) -> str:
        return "action_start_scenario"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        catalogue = engine.scenarios()
        chosen = pick(
            catalogue, tracker.get_slot("scenario_id"), tracker.latest_message.get("text") or ""
        )
        if chosen is None:
            dispatcher.utter_message(text="I could not tell which scenario you meant.")
            dispatcher.utter_message(text=chat_text.menu(catalogue))
            return [SlotSet("scenario_id", None)]
        session_id = uuid.uuid4().hex
        sender = engine.client(tracker)
        rep_name = sender.rep or tracker.get_slot("rep_name") or "anonymous"
        team = sender.team if sender.rep else tracker.get_slot("rep_team")
        state, opening = session.start(chosen, seed=session_id)
        state.exam = sender.exam
        store = engine.store()
        rep = await engine.write(store.ensure_rep, rep_name, team)
        await engine.write(
            store.start_session,
            session_id,
            rep,
            tracker.sender_id,
            chosen.id,
            chosen.persona.disc,
            state.exam,
            opening,
        )
        if sender.web:
            dispatcher.utter_message(json_message={"scenario": chat_text.scenario_card(chosen)})
        else:
            dispatcher.utter_message(text=chat_text.briefing(chosen))
        dispatcher.utter_message(text=chat_text.customer(chosen, opening))
        return [
            SlotSet("scenario_id", chosen.id),
            SlotSet("session_id", session_id),
            SlotSet("session_state", engine.sealed(state)),
            SlotSet("practice_active", True),
        ]
