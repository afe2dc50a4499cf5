"""Measure the trained NLU on held-out examples (``tests/nlu/holdout.yml``): how
often it reads a reply's move (the intent, as `rasa test nlu` counts it) and,
for questions, what the question asks about (the topic in the example's
metadata, which `rasa test nlu` does not see)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from salescoach.practice.understanding import Parse


class DataError(ValueError):
    """A file that is not Rasa NLU training data."""


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    topic: str | None


@dataclass
class NluReport:
    name: str
    intents: Counter[bool] = field(default_factory=Counter)
    topics: Counter[bool] = field(default_factory=Counter)

    def share(self, tally: Counter[bool]) -> float | None:
        total = tally[True] + tally[False]
        return round(tally[True] / total, 3) if total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "intent": {"right": self.intents[True], "of": sum(self.intents.values()),
                       "share": self.share(self.intents)},
            "topic": {"right": self.topics[True], "of": sum(self.topics.values()),
                      "share": self.share(self.topics)},
        }  # fmt: skip


def load(path: str | Path) -> list[Example]:
    try:
        blocks = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["nlu"]
    except (KeyError, TypeError, yaml.YAMLError) as err:
        raise DataError(f"{path}: not Rasa NLU data ({err})") from None
    examples = []
    for block in blocks:
        if "intent" not in block:
            continue
        topic = (block.get("metadata") or {}).get("topic")
        for line in str(block.get("examples", "")).splitlines():
            if line.strip().startswith("- "):
                examples.append(Example(line.strip()[2:], block["intent"], topic))
    return examples


def evaluate(name: str, examples: list[Example], parse: Parse) -> NluReport:
    report = NluReport(name)
    for example in examples:
        parsed = parse(example.text)
        report.intents[(parsed.get("intent") or {}).get("name") == example.intent] += 1
        if example.topic:
            report.topics[(parsed.get("topic") or {}).get("name") == example.topic] += 1
    return report


def table(report: NluReport) -> str:
    lines = [f"{report.name}: NLU held-out examples"]
    for label, tally in (("intent (move)", report.intents), ("topic", report.topics)):
        total = sum(tally.values())
        if total:
            lines.append(f"  {label:14} {tally[True]:4d}/{total:<4d} {tally[True] / total:6.1%}")
    return "\n".join(lines)
