"""Long messages are replies, not commands.

Control commands ("hint", "end", "start practice", a scenario number) are a few
words. A long message that the intent classifier maps to one of them (a
10,000-character paste read as ``end_practice``) would drop the rep out of
their call, so it is re-labelled as the likeliest reply intent (a move the
customer reacts to), or ``reply_customer`` when the ranking has none.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from salescoach.scoring import chinese


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CommandLengthGuard(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "max_command_words": 10,
            "command_intents": [
                "start_practice",
                "choose_scenario",
                "request_hint",
                "end_practice",
                "ask_help",
                "choose_language",
            ],
            "reply_intent": "reply_customer",
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CommandLengthGuard:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        commands = set(self.config["command_intents"])
        for message in messages:
            intent = message.get(INTENT) or {}
            words = chinese.word_count(message.get(TEXT) or "")
            if intent.get(INTENT_NAME_KEY) in commands and words > self.config["max_command_words"]:
                ranking = message.get(INTENT_RANKING_KEY) or []
                reply = next(
                    (r for r in ranking if r.get(INTENT_NAME_KEY) not in commands),
                    {INTENT_NAME_KEY: self.config["reply_intent"], PREDICTED_CONFIDENCE_KEY: 0.0},
                )
                message.set(INTENT, {**intent, **reply}, True)
        return messages
