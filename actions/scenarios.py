"""Choose the language, list the scenarios in it and start the one the rep picks."""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from salescoach import messages
from salescoach.practice import chat_text, scenario, session
from salescoach.practice.scenario import Scenario
from salescoach.scoring import chinese

ASKED_WITH = "start_practice"
"""The intent whose message tells the list's language when the rep chose none."""


def shown(tracker: Tracker) -> tuple[dict[str, Scenario], str]:
    """The scenarios the rep picks from (those in their language) and that language."""
    language = engine.language(tracker, ASKED_WITH)
    return scenario.in_language(engine.scenarios(), language), language


def show_menu(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The list as the page's picker (cards) or as numbered text with buttons."""
    catalogue, language = shown(tracker)
    if engine.client(tracker).web:
        cards = chat_text.menu_cards(catalogue, language)
        dispatcher.utter_message(json_message={"scenarios": cards})
    else:
        buttons = [
            {"title": s.title, "payload": chat_text.choose_payload(s)} for s in catalogue.values()
        ]
        dispatcher.utter_message(text=chat_text.menu(catalogue, language), buttons=buttons)


class ActionListScenarios(Action):
    def name(self) -> str:
        return "action_list_scenarios"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        show_menu(dispatcher, tracker)
        return [SlotSet("practice_active", False), SlotSet("session_state", None)]


class ActionChooseLanguage(Action):
    """Sets the rep's language outside a call (the rules then list the scenarios in
    it); inside one it politely keeps the scenario's language, which the customer
    speaks and the scoring expects."""

    def name(self) -> str:
        return "action_choose_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        running = engine.current(tracker)
        if running is not None:
            spoken = running[0].language
            name = chat_text.language_name(spoken, spoken)
            dispatcher.utter_message(text=messages.text("chat.language_in_call", spoken, name=name))
            return []
        named = next(tracker.get_latest_entity_values("language"), None)
        if not isinstance(named, str) or not named.strip():
            asked = engine.language(tracker)
            dispatcher.utter_message(text=messages.text("chat.language_unknown", asked))
            return []
        wanted = chosen_language(named, engine.typed(tracker))
        name = chat_text.language_name(wanted, wanted)
        dispatcher.utter_message(text=messages.text("chat.language_chosen", wanted, name=name))
        return [SlotSet("language", wanted)]


def chosen_language(named: str, typed: str) -> str:
    """The entity's value as a language: 'zh' (plain "中文", "Chinese") takes its
    script from what the rep typed, like a scored reply's ``lang: zh``."""
    if named.strip().lower() == "zh":
        return chinese.resolve("zh", chinese.language_of(typed))
    return messages.normal(named)


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
        """A button's id finds any scenario; a number or a title word, one of the list
        the rep was shown (their language's)."""
        scenario_id = tracker.get_slot("scenario_id")
        listed, language = shown(tracker)
        chosen = engine.scenarios().get(scenario_id or "") or pick(
            listed, None, tracker.latest_message.get("text") or ""
        )
        if chosen is None:
            dispatcher.utter_message(text=messages.text("chat.unknown_scenario", language))
            dispatcher.utter_message(text=chat_text.menu(listed, language))
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
