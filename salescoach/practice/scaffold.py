"""`salescoach scenario new`: a valid, playable scenario and its test to start from.

The lines come from ``data/scaffold.yml`` (per DISC type and objection kind),
so a new file already behaves like its persona. What only the trainer can write
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

HEADER = "# yaml-language-server: $schema=../salescoach/schema/{}.schema.json\n"
FIRST_OBJECTION_TURN = 2
DEFAULT_TOPICS = {
    "situation": "current_process",
    "problem": "difficulties",
    "implication": "cost_of_problem",
    "need_payoff": "solution_value",
}


def scenario_data(
    scenario_id: str, title: str, disc: str, kinds: list[str], difficulty: str, industry: str
) -> dict[str, Any]:
    lines = data_files.load("scaffold")
    persona = lines["persona"][disc]
    return {
        "id": scenario_id,
        "title": title,
        "difficulty": difficulty,
        "industry": industry,
        "product": "TODO: what the rep sells, with its price, as the rep would describe it.",
        "context": "TODO: the briefing the rep reads before the call: who, where, why now.",
        "persona": {
            "name": "TODO Customer Name",
            "role": "TODO role, company",
            "disc": disc,
            "traits": persona["traits"],
            "patience": persona["patience"],
            "trust": persona["trust"],
        },
        "opening": persona["opening"],
        "facts": {level: [_fact(level, n) for n in (1, 2)] for level in SPIN_LEVELS},
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


def _fact(level: str, number: int) -> dict[str, Any]:
    return {
        "id": f"{level.replace('_', '-')}-{number}",
        "text": f"TODO: what the customer tells about this ({level.replace('_', '-')} fact).",
        "topics": [DEFAULT_TOPICS[level]],
        "questions": [f"TODO: a question a rep would ask that this {level} fact answers"] * 2,
    }


def script_data(scenario_id: str) -> dict[str, Any]:
    return {
        "scenario": scenario_id,
        "seed": "ci",
        "runs": [
            {
                "name": "the customer tells what was asked",
                "steps": [
                    {
                        "say": "TODO: a question your first situation fact answers",
                        "expect": {"event": "fact_revealed:situation", "fact": "situation-1"},
                    },
                    {
                        "say": "TODO: a question your first problem fact answers",
                        "expect": {"event": "fact_revealed:problem", "fact": "problem-1"},
                    },
                ],
            },
            {
                "name": "a question nothing answers gets no fact",
                "steps": [
                    {"say": "What's your budget for this?", "expect": {"event": "no_answer"}}
                ],
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
    _dump(test_path, "scenario_test", script_data(data["id"]))
    validated(scenario_path, "scenario", placeholders=True)
    return scenario_path, test_path


def _dump(path: Path, schema: str, data: dict[str, Any]) -> None:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER.format(schema) + body, encoding="utf-8")
