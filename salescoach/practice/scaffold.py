"""`salescoach scenario new`: a valid, playable scenario and its test to start from.

The lines come from ``data/scaffold.yml`` (per DISC type and objection kind),
so a new file already behaves like its persona; the trainer then rewrites
product, context and lines. The file is checked against the schema before it
is written, so a scaffold can never be the first broken file a trainer sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from salescoach import data_files
from salescoach.practice.scenario import TEST_SUFFIX, load

HEADER = "# yaml-language-server: $schema=../salescoach/schema/{}.schema.json\n"
FIRST_OBJECTION_TURN = 2


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
        "facts": {
            "situation": ["TODO: a fact about how they work today.", "TODO: another fact."],
            "problem": ["TODO: what is hard or going wrong.", "TODO: another difficulty."],
            "implication": ["TODO: what the problem costs them.", "TODO: who else it hits."],
            "need_payoff": ["TODO: what solving it would be worth to them.", "TODO: another gain."],
        },
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


def script_data(scenario_id: str) -> dict[str, Any]:
    return {
        "scenario": scenario_id,
        "seed": "ci",
        "runs": [
            {
                "name": "a situation question gets a fact",
                "steps": [
                    {
                        "say": "Thanks for your time. How do you handle this today?",
                        "expect": {"event": "fact_revealed:situation", "spin": ["situation"]},
                    }
                ],
            }
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
    load(scenario_path)
    return scenario_path, test_path


def _dump(path: Path, schema: str, data: dict[str, Any]) -> None:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER.format(schema) + body, encoding="utf-8")
