"""What a rep's question asks about: a topic classifier beside the intent classifier.

The intent says what the reply does (ask a question, pitch, empathise…); this
component says what a question is about (budget, decision process, what a
problem costs…), so the simulated customer can answer the question that was
asked. It is the intent classifier (Rasa's logistic regression), trained on
the same features, with labels taken from the ``topic`` metadata of the examples in
``data/nlu/questions.yml`` instead of their intent. Its output goes into the
parse data as ``topic`` and ``topic_ranking``, which reach the action server in
``tracker.latest_message`` and the CLI through ``salescoach_nlu.interpreter``.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import METADATA, METADATA_EXAMPLE, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from salescoach_nlu.intents import IntentClassifier

TOPIC = "topic"
TOPIC_RANKING = "topic_ranking"


def example_topic(message: Message) -> str | None:
    """The topic an example was written for: its own metadata, else its block's."""
    metadata = message.get(METADATA) or {}
    for scope in (METADATA_EXAMPLE, METADATA_INTENT):
        topic = (metadata.get(scope) or {}).get(TOPIC)
        if isinstance(topic, str) and topic:
            return topic
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TopicClassifier(IntentClassifier):
    def training_examples(self, training_data: TrainingData) -> tuple[list[Message], list[str]]:
        examples = [e for e in training_data.intent_examples if e.get(TEXT) and example_topic(e)]
        return examples, [example_topic(e) for e in examples]

    def process(self, messages: list[Message]) -> list[Message]:
        for message, ranking in zip(messages, self.rankings(messages)):
            if ranking:
                message.set(TOPIC, ranking[0], add_to_output=True)
                message.set(TOPIC_RANKING, ranking[:5], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples keep their intents; nothing downstream reads their topics."""
        return training_data
