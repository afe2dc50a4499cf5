"""Measure the customer's listening on labelled probes (``tests/data/listening/``):
a rep's first reply in a fresh call and the facts that answer it, or none.

Every probe is played as a real first turn (the session, the scorer, the NLU
parse, the customer), so what is measured is what a rep meets. A probe with
answers is right when the customer tells one of them and nothing else; one
without is right when the customer tells no fact at all. The labelling rules
are in ``tests/data/listening/README.md``. Unanswerable probes tagged
``same_topic`` (on a fact's own topic, asking for what no fact says) are also
counted apart: they are the hard kind, and a set's mix of them moves its figure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salescoach.practice import session
from salescoach.practice.scenario import Scenario
from salescoach.practice.understanding import Parse

SAME_TOPIC = "same_topic"


class DataError(ValueError):
    """A probe file that does not follow the format; names file and line."""


@dataclass(frozen=True)
class Probe:
    id: str
    scenario: str
    say: str
    answers: frozenset[str]
    tags: frozenset[str] = frozenset()


@dataclass
class Outcome:
    probe: Probe
    customer: str
    event: str
    told: str | None

    @property
    def right(self) -> bool:
        if self.probe.answers:
            return self.told in self.probe.answers
        return self.told is None


@dataclass
class ListeningReport:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, answerable: bool, tag: str | None = None) -> tuple[int, int]:
        chosen = [
            o
            for o in self.outcomes
            if bool(o.probe.answers) == answerable and (tag is None or tag in o.probe.tags)
        ]
        return sum(o.right for o in chosen), len(chosen)

    @property
    def answerable(self) -> tuple[int, int]:
        return self._share(True)

    @property
    def unanswerable(self) -> tuple[int, int]:
        return self._share(False)

    @property
    def same_topic(self) -> tuple[int, int]:
        """Unanswerable probes on a fact's own topic (tagged ``same_topic``)."""
        return self._share(False, SAME_TOPIC)

    def to_json(self) -> dict[str, Any]:
        shares = {
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "unanswerable_same_topic": self.same_topic,
        }
        return {
            "name": self.name,
            "probes": len(self.outcomes),
            **{
                key: {"right": right, "of": of, "share": round(right / of, 3) if of else None}
                for key, (right, of) in shares.items()
            },
        }


def load(path: str | Path, scenarios: dict[str, Scenario]) -> list[Probe]:
    probes = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                answers, tags = data["answers"], data.get("tags", [])
                for field_name, value in (("answers", answers), ("tags", tags)):
                    if not isinstance(value, list):
                        raise ValueError(f"`{field_name}` must be a list, not {json.dumps(value)}")
                probe = Probe(
                    str(data["id"]),
                    str(data["scenario"]),
                    str(data["say"]),
                    frozenset(answers),
                    frozenset(map(str, tags)),
                )
            except (ValueError, KeyError, TypeError) as err:
                raise DataError(f"{path}:{number}: {err}") from None
            if probe.scenario not in scenarios:
                raise DataError(f"{path}:{number}: no scenario '{probe.scenario}'")
            texts = {f.text for f in scenarios[probe.scenario].facts}
            unknown = sorted(probe.answers - texts)
            if unknown:
                raise DataError(f"{path}:{number}: not a fact of {probe.scenario}: {unknown[0]!r}")
            probes.append(probe)
    return probes


def evaluate(
    name: str, probes: list[Probe], scenarios: dict[str, Scenario], parse: Parse
) -> ListeningReport:
    report = ListeningReport(name)
    for probe in probes:
        chosen = scenarios[probe.scenario]
        state, _ = session.start(chosen, f"eval:{probe.id}")
        turn = session.take_turn(chosen, state, probe.say, parse(probe.say))
        told = turn.state.revealed[len(state.revealed) :]
        text = chosen.fact(told[0]).text if len(told) == 1 else None
        report.outcomes.append(Outcome(probe, turn.customer.line, turn.customer.event, text))
    return report


def table(report: ListeningReport) -> str:
    rows = [
        ("answerable", report.answerable, "got a right fact and no other"),
        ("unanswerable", report.unanswerable, "revealed no fact"),
        ("  same topic", report.same_topic, "of those, on a fact's own topic"),
    ]
    lines = [f"{report.name}: {len(report.outcomes)} probes"]
    for label, (right, of), meaning in rows:
        if of:
            lines.append(f"  {label:13s} {right:4d}/{of:<4d} {right / of:6.1%}  {meaning}")
    return "\n".join(lines)


def misses_text(report: ListeningReport) -> str:
    wrong = [o for o in report.outcomes if not o.right]
    lines = [f"{report.name}: {len(wrong)} miss(es)"]
    for o in wrong:
        wanted = " | ".join(sorted(o.probe.answers)) or "(no fact)"
        lines.append(
            f"  {o.probe.id} [{o.probe.scenario}] {o.probe.say}\n"
            f"      wanted: {wanted[:150]}\n"
            f"      got {o.event}: {o.customer[:150]}"
        )
    return "\n".join(lines)
