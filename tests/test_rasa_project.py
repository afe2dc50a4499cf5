"""Rasa's own checks on the project, against the one trained model:
`rasa data validate`, conversation tests with --fail-on-prediction-errors, and
intent accuracy on the held-out NLU examples, English and Chinese (reported).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.live import BIN, ROOT, trained_model

pytestmark = pytest.mark.e2e
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
CONTROL = {"start_practice", "end_practice", "choose_scenario"}
REPLIES = {
    "ask_question",
    "make_claim",
    "show_empathy",
    "propose_next_step",
    "check_concern",
    "make_small_talk",
    "apply_pressure",
    "reply_customer",
}


def rasa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "rasa"), *args], cwd=ROOT, env=ENV, capture_output=True, text=True
    )


def test_data_validates_without_warnings():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_tests_and_held_out_nlu(tmp_path):
    out = tmp_path / "results"
    result = rasa(
        "test", "--model", trained_model(), "--stories", "tests/test_stories.yml",
        "--nlu", "tests/nlu/holdout.yml", "--out", str(out), "--fail-on-prediction-errors",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    report = json.loads((out / "intent_report.json").read_text())
    print(f"\nheld-out NLU: accuracy {report['accuracy']:.3f}, "
          f"macro F1 {report['macro avg']['f1-score']:.3f}")  # fmt: skip
    assert _derailing(out) == [], "replies to the customer misread as session commands"
    assert not (out / "failed_test_stories.yml").read_text().strip().startswith("version")


def test_held_out_chinese_nlu(tmp_path):
    """The one model understands Chinese too (segmented by salescoach_nlu.tokenizer)."""
    out = tmp_path / "results"
    result = rasa(
        "test", "nlu", "--model", trained_model(), "--nlu", "tests/nlu/holdout.zh.yml",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    report = json.loads((out / "intent_report.json").read_text())
    print(f"\nheld-out Chinese NLU: accuracy {report['accuracy']:.3f}, "
          f"macro F1 {report['macro avg']['f1-score']:.3f}")  # fmt: skip
    assert report["accuracy"] >= 0.8
    assert _derailing(out) == [], "Chinese replies to the customer misread as session commands"


def _derailing(out) -> list[str]:
    errors = json.loads((out / "intent_errors.json").read_text())
    return [
        e["text"]
        for e in errors
        if e["intent"] in REPLIES and e["intent_prediction"]["name"] in CONTROL
    ]
