"""`salescoach scenario new`: a valid, playable scenario and its test to start from.

The lines come from ``data/scaffold.yml`` (per DISC type and objection kind;
``scaffold.zh.yml`` for a Chinese scenario, in Traditional for zh-Hant), so a
new file already behaves like its persona. What only the trainer can write
(the product, the briefing, the facts and the questions they answer) is left
as TODO placeholders, which `scenario validate` reports one by one until they
are replaced: an untouched scaffold is not a playable customer. The file is
checked against the schema as it is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from salescoach import data_files
from salescoach.frameworks import SPIN_LEVELS
from salescoach.practice.scenario import TEST_SUFFIX
from salescoach.practice.validation import validated
from salescoach.scoring import chinese

HEADER = "# yaml-language-server: $schema=../salescoach/schema/{}.schema.json\n"
FIRST_OBJECTION_TURN = 2
DEFAULT_TOPICS = {
    "situation": "current_process",
    "problem": "difficulties",
    "implication": "cost_of_problem",
    "need_payoff": "solution_value",
}


def scenario_data(
    scenario_id: str,
    title: str,
    disc: str,
    kinds: list[str],
    difficulty: str,
    industry: str,
    language: str = "en",
) -> dict[str, Any]:
    lines = _lines(language)
    persona, todo = lines["persona"][disc], lines["placeholders"]
    language_field = {} if language == "en" else {"language": language}
    return {
        "id": scenario_id,
        "title": title,
        **language_field,
        "difficulty": difficulty,
        "industry": industry,
        "product": todo["product"],
        "context": todo["context"],
        "persona": {
            "name": todo["name"],
            "role": todo["role"],
            "disc": disc,
            "traits": persona["traits"],
            "patience": persona["patience"],
            "trust": persona["trust"],
        },
        "opening": persona["opening"],
        "facts": {level: [_fact(level, n, todo) for n in (1, 2)] for level in SPIN_LEVELS},
        "objections": [
            {
                "kind": kind,
                "raise_after_turn": FIRST_OBJECTION_TURN + 2 * i,
                **lines["objection"][kind],
            }
            for i, kind in enumerate(kinds)
        ],
        "fillers": persona["fillers"],
        "endings": {k: persona[k] for k in ("advance", "stall", "walk_away")},
        "max_turns": 12,
    }


def _lines(language: str) -> dict[str, Any]:
    """The scaffold's lines in the scenario's language (Chinese written once, in Simplified)."""
    if language == "en":
        return data_files.load("scaffold")
    return _in_script(data_files.load("scaffold.zh"), language)


def _in_script(value: Any, language: str) -> Any:
    if isinstance(value, str):
        return chinese.in_script(value, language)
    if isinstance(value, list):
        return [_in_script(v, language) for v in value]
    if isinstance(value, dict):
        return {k: _in_script(v, language) for k, v in value.items()}
    return value


def _fact(level: str, number: int, todo: dict[str, str]) -> dict[str, Any]:
    name = level.replace("_", "-")
    return {
        "id": f"{name}-{number}",
        "text": todo["fact_text"].format(level=name),
        "topics": [DEFAULT_TOPICS[level]],
        "questions": [todo["question"].format(level=level)] * 2,
    }


def script_data(scenario_id: str, language: str = "en") -> dict[str, Any]:
    todo = _lines(language)["placeholders"]
    return {
        "scenario": scenario_id,
        "seed": "ci",
        "runs": [
            {
                "name": "the customer tells what was asked",
                "steps": [
                    {
                        "say": todo["test_first_situation"],
                        "expect": {"event": "fact_revealed:situation", "fact": "situation-1"},
                    },
                    {
                        "say": todo["test_first_problem"],
                        "expect": {"event": "fact_revealed:problem", "fact": "problem-1"},
                    },
                ],
            },
            {
                "name": "a question nothing answers gets no fact",
                "steps": [{"say": todo["budget_question"], "expect": {"event": "no_answer"}}],
            },
        ],
    }


def write(directory: str | Path, data: dict[str, Any]) -> tuple[Path, Path]:
    """Write NAME.yml and NAME.test.yml; refuses to overwrite either."""
    stem = Path(directory) / data["id"].replace("-", "_")
    scenario_path, test_path = stem.with_suffix(".yml"), stem.with_suffix(TEST_SUFFIX)
    for path in (scenario_path, test_path):
        if path.exists():
            raise FileExistsError(f"{path} already exists")
    scenario_path.parent.mkdir(parents=True, exist_ok=True)
    _dump(scenario_path, "scenario", data)
    _dump(test_path, "scenario_test", script_data(data["id"], data.get("language", "en")))
    validated(scenario_path, "scenario", placeholders=True)
    return scenario_path, test_path


def _dump(path: Path, schema: str, data: dict[str, Any]) -> None:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER.format(schema) + body, encoding="utf-8")
