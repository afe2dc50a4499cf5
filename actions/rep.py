"""Ask the rep's name once, so every score belongs to someone.

The web page sends the rep's team with the name; it is kept for a new rep.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from salescoach import text_input


class ValidateRepForm(FormValidationAction):
    def name(self) -> str:
        return "validate_rep_form"

    def validate_rep_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            name = text_input.clean_name(str(value or ""))
        except text_input.BadName:
            dispatcher.utter_message(response="utter_invalid_rep_name")
            return {"rep_name": None}
        return {"rep_name": name, "rep_team": engine.client(tracker).team}
