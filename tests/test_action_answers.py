"""Rasa's check of the action server's answers, with its schema checked once
(salescoach_rasa): it must accept and refuse exactly what Rasa's own does."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import salescoach_rasa

ORIGINAL = RemoteAction._validate_action_result

ANSWERS: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "practice_active", "value": True, "timestamp": None},
            {"event": "followup", "name": "action_listen"},
        ],
        "responses": [{"text": "Customer: We run two depots.", "buttons": []}],
    },
    {"events": [{"event": "slot", "name": "language", "value": "zh-Hant"}]},
]

WRONG: list[dict[str, Any]] = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},
    {"responses": "hello"},
    {"events": [], "responses": ["a bare string"]},
]


@pytest.fixture
def installed() -> Any:
    salescoach_rasa.install()
    yield
    RemoteAction._validate_action_result = ORIGINAL


def test_install_replaces_rasas_check(installed: None) -> None:
    assert RemoteAction._validate_action_result is not ORIGINAL


@pytest.mark.parametrize("answer", ANSWERS)
def test_a_valid_answer_passes_both_checks(answer: dict[str, Any], installed: None) -> None:
    action = RemoteAction("action_score_reply", None)
    assert ORIGINAL(action, answer) is True
    assert action._validate_action_result(answer) is True


@pytest.mark.parametrize("answer", WRONG)
def test_an_invalid_answer_fails_with_rasas_message(
    answer: dict[str, Any], installed: None
) -> None:
    action = RemoteAction("action_score_reply", None)
    with pytest.raises(ValidationError) as rasa_says:
        ORIGINAL(action, answer)
    with pytest.raises(ValidationError) as we_say:
        action._validate_action_result(answer)
    assert we_say.value.message == rasa_says.value.message
    assert "Failed to validate Action server response" in we_say.value.message
    assert list(we_say.value.path) == list(rasa_says.value.path)
