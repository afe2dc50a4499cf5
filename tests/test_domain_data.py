"""The data files, the NLU training data and the JSON Schema agree with each
other and with salescoach/frameworks.py: each rule is written once, and where
it must be repeated (a schema enum, a YAML key), a test holds the copies together."""

from __future__ import annotations

from pathlib import Path

import yaml

from salescoach import data_files, frameworks
from salescoach.practice import customer, validation
from salescoach.practice.scenario import topics

ROOT = Path(__file__).resolve().parent.parent


def nlu_topics(path: Path) -> set[str]:
    blocks = yaml.safe_load(path.read_text())["nlu"]
    return {(b.get("metadata") or {}).get("topic") for b in blocks} - {None}


def test_every_topic_is_trained_and_every_trained_topic_is_defined():
    assert nlu_topics(ROOT / "data/nlu/questions.yml") == set(topics())
    assert nlu_topics(ROOT / "data/nlu/zh/questions.yml") == set(topics())
    assert nlu_topics(ROOT / "tests/nlu/holdout.yml") <= set(topics())
    assert nlu_topics(ROOT / "tests/nlu/holdout.zh.yml") <= set(topics())
    assert {t["level"] for t in topics().values()} <= set(frameworks.SPIN_LEVELS)


def test_the_scenario_schema_lists_what_the_engine_knows():
    schema = validation.schema("scenario")
    assert schema["definitions"]["topic"]["enum"] == list(topics())
    assert schema["definitions"]["objection_kind"]["enum"] == list(frameworks.OBJECTION_KINDS)
    assert schema["properties"]["language"]["enum"] == list(frameworks.LANGUAGES)
    persona = schema["properties"]["persona"]["properties"]
    assert persona["disc"]["enum"] == list(frameworks.DISC)
    assert list(schema["properties"]["facts"]["properties"]) == list(frameworks.SPIN_LEVELS)
    reactions = set(schema["properties"]["reactions"]["properties"])
    for disc in frameworks.DISC:
        assert set(data_files.load("customer")["reactions"][disc]) == reactions


def test_the_test_schema_and_triggers_name_real_events_and_kinds():
    assert set(data_files.load("customer")["triggers"]) == set(frameworks.OBJECTION_KINDS)
    assert set(data_files.load("customer")["objection_words"]) == {
        *frameworks.OBJECTION_KINDS,
        "any",
    }
    described = validation.schema("scenario_test")["properties"]["runs"]["items"]["properties"]
    event_help = described["steps"]["items"]["properties"]["expect"]["properties"]["event"]
    assert all(event in event_help["description"] for event in customer.EVENTS)


def test_repeat_lines_can_quote_the_fact():
    for disc in frameworks.DISC:
        lines = data_files.load("customer")["reactions"][disc]["repeat"]
        assert all("{fact}" in line for line in lines)
