"""Who the rep is: from the signed-in account on the page, else asked once by name.

The page server signs the account's name and team into the metadata of each
message (salescoach/accounts/signin.py); the conversation's first message starts a
session, and this action fills the rep's slots from that signature, so the name
form finds its slot filled and never asks. Other channels (the terminal) ask.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from salescoach import messages, text_input
from salescoach.accounts import signin

SESSION_METADATA = "session_started_metadata"


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Rasa's own session start (carry the slots over, then listen), plus the rep
        from a signed identity."""
        carried = [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if value is not None and name != SESSION_METADATA
        ]
        metadata = tracker.get_slot(SESSION_METADATA) or {}
        found = signin.trusted_identity(
            metadata.get(signin.IDENTITY) if isinstance(metadata, dict) else None,
            tracker.sender_id,
        )
        rep = (
            [SlotSet("rep_name", found["name"]), SlotSet("rep_team", found["team"])]
            if found
            else []
        )
        return [SessionStarted(), *carried, *rep, ActionExecuted("action_listen")]


class ValidateRepForm(FormValidationAction):
    def name(self) -> str:
        return "validate_rep_form"

    def validate_rep_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        signed = engine.client(tracker)
        if signed.rep:
            return {"rep_name": signed.rep, "rep_team": signed.team}
        try:
            name = text_input.clean_name(str(value or ""))
        except text_input.BadName:
            asked = engine.language(tracker, "start_practice")
            dispatcher.utter_message(text=messages.text("chat.invalid_rep_name", asked))
            return {"rep_name": None}
        return {"rep_name": name, "rep_team": tracker.get_slot("rep_team")}
