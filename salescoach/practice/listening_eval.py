"""Measure the customer's listening on labelled probes (``tests/data/listening/``):
a rep's first reply in a fresh call and the facts that answer it, or none.

Every probe is played as a real first turn (the session, the scorer, the NLU
parse, the customer), so what is measured is what a rep meets. A probe with
answers is right when the customer tells one of them and nothing else; one
without is right when the customer tells no fact at all. The labelling rules
are in ``tests/data/listening/README.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salescoach.practice import session
from salescoach.practice.scenario import Scenario
from salescoach.practice.understanding import Parse


class DataError(ValueError):
    """A probe file that does not follow the format; names file and line."""


@dataclass(frozen=True)
class Probe:
    id: str
    scenario: str
    say: str
    answers: frozenset[str]


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

    def _share(self, answerable: bool) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if bool(o.probe.answers) == answerable]
        return sum(o.right for o in chosen), len(chosen)

    @property
    def answerable(self) -> tuple[int, int]:
        return self._share(True)

    @property
    def unanswerable(self) -> tuple[int, int]:
        return self._share(False)

    def to_json(self) -> dict[str, Any]:
        (a, n), (u, m) = self.answerable, self.unanswerable
        return {
            "name": self.name,
            "probes": len(self.outcomes),
            "answerable": {"right": a, "of": n, "share": round(a / n, 3) if n else None},
            "unanswerable": {"right": u, "of": m, "share": round(u / m, 3) if m else None},
        }


def load(path: str | Path, scenarios: dict[str, Scenario]) -> list[Probe]:
    probes = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                probe = Probe(
                    str(data["id"]),
                    str(data["scenario"]),
                    str(data["say"]),
                    frozenset(data["answers"]),
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
    (a, n), (u, m) = report.answerable, report.unanswerable
    lines = [f"{report.name}: {len(report.outcomes)} probes"]
    if n:
        lines.append(f"  answerable    {a:4d}/{n:<4d} {a / n:6.1%}  got a right fact and no other")
    if m:
        lines.append(f"  unanswerable  {u:4d}/{m:<4d} {u / m:6.1%}  revealed no fact")
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
