"""Rasa's NLU in this process: the trained model the Rasa server runs, loaded for
commands that understand replies without a server (`salescoach scenario play`,
`scenario test`, `eval`), so a trainer's terminal and a rep's chat read a reply
the same way.

Only the NLU part of the model is loaded (tokenizer, featurizers, the intent and
topic classifiers): the dialogue policies are not needed to understand a reply.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import tempfile
import warnings
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
MODEL_ENV = "SALESCOACH_MODEL"


class ModelError(RuntimeError):
    """No trained model to load; the message says what to do."""


def default_model() -> Path:
    """``$SALESCOACH_MODEL``, else the model ``scripts/train`` links into models/.

    In a checkout without a model, ``scripts/train`` builds it first (about two
    minutes, once; it is cached by a hash of the training data).
    """
    if os.environ.get(MODEL_ENV):
        path = Path(os.environ[MODEL_ENV])
        if not path.is_file():
            raise ModelError(f"{MODEL_ENV}={path}: no such model file")
        return path
    train = PROJECT / "scripts" / "train"
    if train.is_file():
        done = subprocess.run([str(train)], cwd=PROJECT, capture_output=True, text=True)
        if done.returncode != 0:
            raise ModelError(f"scripts/train failed:\n{done.stderr[-2000:]}")
        return PROJECT / done.stdout.strip().splitlines()[-1]
    models = sorted((PROJECT / "models").glob("salescoach-*.tar.gz"), key=os.path.getmtime)
    if not models:
        raise ModelError(f"no trained model in {PROJECT / 'models'}: set {MODEL_ENV}")
    return models[-1]


class Interpreter:
    """Parse a reply as the Rasa server does: the same dict `tracker.latest_message` holds."""

    def __init__(self, model: Path) -> None:
        """Loading imports Rasa and TensorFlow, whose deprecation notices and CPU
        banners mean nothing to a trainer at a terminal: they are kept quiet."""
        os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            from rasa.core.channels.channel import UserMessage
            from rasa.engine.graph import ExecutionContext
            from rasa.engine.runner.dask import DaskGraphRunner
            from rasa.engine.storage.local_model_storage import LocalModelStorage

            self._storage_dir = tempfile.TemporaryDirectory(prefix="salescoach-nlu-")
            storage, metadata = LocalModelStorage.from_model_archive(
                Path(self._storage_dir.name), model
            )
            schema = metadata.predict_schema.minimal_graph_schema([metadata.nlu_target])
            self._target = metadata.nlu_target
            self._message = UserMessage
            self._runner = DaskGraphRunner.create(
                graph_schema=schema,
                model_storage=storage,
                execution_context=ExecutionContext(graph_schema=schema, model_id=metadata.model_id),
            )

    def parse(self, text: str) -> dict[str, Any]:
        from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
        from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT

        results = self._runner.run(
            inputs={PLACEHOLDER_MESSAGE: [self._message(text=text)], PLACEHOLDER_TRACKER: None},
            targets=[self._target],
        )
        parsed: dict[str, Any] = {TEXT: "", INTENT: {"name": None, "confidence": 0.0}, ENTITIES: []}
        parsed.update(results[self._target][0].as_dict(only_output_properties=True))
        return parsed
