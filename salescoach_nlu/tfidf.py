"""TF-IDF sentence features (word 1-2-grams and character 2-5-grams) for the
intent and topic classifiers.

Rasa's CountVectorsFeaturizer gives raw counts; on this project's questions a
logistic regression over sublinear TF-IDF of the same n-grams was better in
5-fold cross-validation on the training data (topics 0.60 vs 0.56, moves and
commands 0.83 vs 0.82). The vectorizers are scikit-learn's, fitted in
`rasa train` and stored in the model with skops, as Rasa stores its own
logistic regression.
"""

from __future__ import annotations

import logging
from typing import Any

import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from salescoach.scoring import chinese

logger = logging.getLogger(__name__)
FILES = {"en": "tfidf.skops", "zh": "tfidf-zh.skops"}
"""One vectorizer per script, their features side by side: an English message has
zeros in the Chinese block and the other way round, so adding Chinese examples
leaves every English feature as it was (the English vocabulary and idf are fitted
on the English examples alone)."""
TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TfidfFeaturizer(SparseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SparseFeaturizer.get_default_config(), "words": [1, 2], "chars": [2, 5]}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        vectorizers: dict[str, FeatureUnion] | None = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers or {}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        for key in ("words", "chars"):
            low, high = config[key]
            if not 1 <= low <= high:
                raise ValueError(
                    f"TfidfFeaturizer: {key} must be [low, high] with 1 <= low <= high"
                )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfFeaturizer:
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource:
        import skops.io as sio

        texts = [_text(m) for m in training_data.training_examples if m.get(TEXT)]
        by_script = {
            "en": [t for t in texts if not chinese.has_han(t)],
            "zh": [t for t in texts if chinese.has_han(t)],
        }
        self.vectorizers = {
            script: self._vectorizer().fit(found) for script, found in by_script.items() if found
        }
        with self._model_storage.write_to(self._resource) as directory:
            for script, vectorizer in self.vectorizers.items():
                sio.dump(vectorizer, directory / FILES[script])
        return self._resource

    def _vectorizer(self) -> FeatureUnion:
        return FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(ngram_range=tuple(self._config["words"]), sublinear_tf=True),
                ),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=tuple(self._config["chars"]),
                        sublinear_tf=True,
                    ),
                ),
            ]
        )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfFeaturizer:
        import skops.io as sio

        vectorizers = {}
        try:
            with model_storage.read_from(resource) as directory:
                for script, name in FILES.items():
                    if (directory / name).exists():
                        vectorizers[script] = sio.load(directory / name, trusted=TRUSTED_TYPES)
        except ValueError:
            logger.debug("TfidfFeaturizer: no fitted vectorizer in the model; features left out")
        return cls(config, model_storage, resource, execution_context, vectorizers)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Every message gets features, an empty one a row of zeros: the classifiers
        after this need a row to predict from, whatever a channel lets through."""
        if not self.vectorizers:
            return messages
        widths = {name: _width(vectorizer) for name, vectorizer in self.vectorizers.items()}
        total = sum(widths.values())
        for message in messages:
            text = _text(message)
            script = "zh" if chinese.has_han(text) else "en"
            row = scipy.sparse.coo_matrix((1, total))
            offset = 0
            for name, vectorizer in self.vectorizers.items():
                if name == script:
                    block = _features(vectorizer, text).tocoo()
                    row = scipy.sparse.coo_matrix(
                        (block.data, (block.row, block.col + offset)), shape=(1, total)
                    )
                offset += widths[name]
            self.add_features_to_message(None, row, TEXT, message)
        return messages


def _features(vectorizer: FeatureUnion, text: str) -> scipy.sparse.spmatrix:
    """What ``vectorizer.transform([text])`` gives, without the union's job dispatch
    (joblib), which took longer than the two vectorizers on one message."""
    return scipy.sparse.hstack([part.transform([text]) for _, part in vectorizer.transformer_list])


def _width(vectorizer: FeatureUnion) -> int:
    return sum(len(part.vocabulary_) for _, part in vectorizer.transformer_list)


def _text(message: Message) -> str:
    """The message's text; Chinese in Simplified characters with spaces between the
    tokenizer's words, so word n-grams see words and both scripts share features."""
    text = message.get(TEXT) or ""
    if not chinese.has_han(text):
        return text
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return chinese.simplified(" ".join(t.text for t in tokens) if tokens else text)
