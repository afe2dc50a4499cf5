"""The bot's fixed lines (greeting, help, "not in a call"...) in the rep's language.

They were domain responses; they are actions reading the message catalogue so the
wording has one source (``data/messages/chat.yml``) shared with the engine, the
terminal and the page, and Chinese is written once: a domain response can vary on
the ``language`` slot, but only with a copy of each text per script, and the
language outside a call also follows what the rep typed, which a slot condition
cannot see.
"""

from __future__ import annotations

import abc
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from salescoach import messages


class CatalogueReply(Action, abc.ABC):
    """Says ``key`` from the chat catalogue in the language of the moment (the call's,
    else the rep's). Abstract, so rasa-sdk does not register it."""

    action: str
    asked_with: str | None = None
    """The intent whose message sets the language when the rep chose none."""

    @property
    @abc.abstractmethod
    def key(self) -> str:
        """The line in ``chat.yml``; each action names its own."""

    def name(self) -> str:
        return self.action

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = engine.language(tracker, self.asked_with)
        dispatcher.utter_message(text=messages.text(f"chat.{self.key}", language))
        return []


class ActionGreet(CatalogueReply):
    key = "greet"
    action = "action_greet"


class ActionGiveHelp(CatalogueReply):
    key = "help"
    action = "action_give_help"


class ActionAskRepName(CatalogueReply):
    """The rep form's question (Rasa asks with ``action_ask_<slot>`` when it exists)."""

    key = "ask_rep_name"
    asked_with = "start_practice"
    action = "action_ask_rep_name"


class ActionSayNotPractising(CatalogueReply):
    key = "not_practising"
    action = "action_say_not_practising"


class ActionAskToEndFirst(CatalogueReply):
    key = "end_call_first"
    action = "action_ask_to_end_first"


class ActionDeclineOffTopic(CatalogueReply):
    key = "out_of_scope"
    action = "action_decline_off_topic"


class ActionAskToRephrase(CatalogueReply):
    key = "default"
    action = "action_ask_to_rephrase"


class ActionDefaultFallback(CatalogueReply):
    """Rasa's own fallback (the dialogue policies unsure), overridden to say the
    catalogue's line; like Rasa's, it forgets the message it could not place."""

    key = "default"
    action = "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        await super().run(dispatcher, tracker, domain)
        return [UserUtteranceReverted()]
