"""Rehearse a scenario: play its scripted trainee turns (``<name>.test.yml``)
through the real engine and check each customer reaction and score.

This is how a trainer knows a script works before reps see it: a step fails
with what was expected and what happened instead, and the report shows what
the customer said. A test file is checked before anything is played: an event
name that does not exist ("advance" for "advanced") is a file:line error with a
"did you mean", not a failing step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from salescoach.practice import session
from salescoach.practice.customer import EVENTS
from salescoach.practice.scenario import (
    TEST_SUFFIX,
    Problem,
    Scenario,
    ScenarioError,
    load_dir,
)
from salescoach.practice.understanding import Parse
from salescoach.practice.validation import did_you_mean, field_name, node_at, validated


@dataclass(frozen=True)
class StepResult:
    run: str
    number: int
    say: str
    event: str
    score: int
    customer: str = ""
    failures: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class Rehearsal:
    scenario_id: str
    path: str
    steps: list[StepResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.steps)


def script_for(scenario_path: str | Path) -> Path:
    path = Path(scenario_path)
    return path if path.name.endswith(TEST_SUFFIX) else path.with_suffix(TEST_SUFFIX)


def rehearse(
    path: str | Path, scenarios: dict[str, Scenario], parse: Parse | None = None
) -> Rehearsal:
    """Play every run in a test file; raises ScenarioError if the file itself is wrong.

    The scenario is looked up among the scenario files beside the test file
    first, then in ``scenarios``. ``parse`` is the NLU model's parse of a reply
    (what the chat's Rasa server would make of it).
    """
    path = Path(path)
    data, node = validated(path, "scenario_test")
    beside = load_dir(path.parent) if path.parent.is_dir() else {}
    known = {**scenarios, **beside}
    scenario = known.get(data["scenario"])
    if scenario is None:
        names = ", ".join(sorted(known)) or "none"
        message = f"no scenario '{data['scenario']}' in {path.parent} (known: {names})"
        raise ScenarioError([Problem(str(path), 1, "scenario", message)])
    problems = _unknown_names(path, node, data, scenario)
    if problems:
        raise ScenarioError(problems)
    result = Rehearsal(scenario.id, str(path))
    for run in data["runs"]:
        result.steps.extend(_play(scenario, run, data.get("seed", "rehearsal"), parse))
    return result


def _unknown_names(
    path: Path, root: yaml.Node, data: dict[str, Any], scenario: Scenario
) -> list[Problem]:
    """Events and fact ids that do not exist: typos, not failing steps."""
    fact_ids = [f.id for f in scenario.facts]
    problems = []
    for r, run in enumerate(data["runs"]):
        for s, step in enumerate(run["steps"]):
            expect = step["expect"]
            for key, value, known in (
                ("event", str(expect.get("event", "")).split(":")[0], list(EVENTS)),
                ("fact", expect.get("fact", ""), fact_ids),
            ):
                if value and value not in known:
                    parts = ["runs", r, "steps", s, "expect", key]
                    line = node_at(root, parts).start_mark.line + 1
                    message = f"unknown {key} '{value}'{did_you_mean(value, known)}"
                    problems.append(Problem(str(path), line, field_name(parts), message))
    return problems


def _play(
    scenario: Scenario, run: dict[str, Any], seed: str, parse: Parse | None
) -> list[StepResult]:
    state, _ = session.start(scenario, f"{seed}:{run['name']}")
    results = []
    for number, step in enumerate(run["steps"], start=1):
        if state.ended:
            failure = f"the call already ended ({state.outcome})"
            results.append(StepResult(run["name"], number, step["say"], "-", 0, "", (failure,)))
            continue
        said = step["say"]
        turn = session.take_turn(scenario, state, said, parse(said) if parse else None)
        state = turn.state
        results.append(
            StepResult(
                run["name"],
                number,
                said,
                turn.customer.event,
                turn.result.score,
                turn.customer.line,
                tuple(_check(step["expect"], turn)),
            )
        )
    return results


def _check(expect: dict[str, Any], turn: session.Turn) -> list[str]:
    event, result = turn.customer.event, turn.result
    failures = []
    wanted = expect.get("event")
    parts = event.split("+")
    if wanted and not any(p == wanted or p.startswith(f"{wanted}:") for p in parts):
        failures.append(f"expected the customer to {wanted}, got {event}")
    told = turn.state.revealed[-1:] if event.startswith("fact_revealed") else []
    if "fact" in expect and told != [expect["fact"]]:
        failures.append(f"expected fact {expect['fact']}, got {told[0] if told else 'none'}")
    if "says" in expect and expect["says"].lower() not in turn.customer.line.lower():
        failures.append(f"expected the customer to say '{expect['says']}'")
    if "score" in expect:
        low, high = expect["score"]
        if not low <= result.score <= high:
            failures.append(f"expected a score in {low}-{high}, got {result.score}")
    if "ended" in expect and turn.customer.ended != expect["ended"]:
        failures.append(f"expected the call {'to end' if expect['ended'] else 'to go on'}")
    if "outcome" in expect and turn.customer.outcome != expect["outcome"]:
        failures.append(f"expected outcome {expect['outcome']}, got {turn.customer.outcome}")
    for label, wanted_items, got in (
        ("objection steps", expect.get("steps", ()), result.objection_steps),
        ("SPIN questions", expect.get("spin", ()), [q.type for q in result.spin]),
        ("coach signals", expect.get("signals", ()), result.signals),
    ):
        missing = [w for w in wanted_items if w not in got]
        if missing:
            failures.append(
                f"expected {label} {', '.join(missing)}, got {', '.join(got) or 'none'}"
            )
    return failures


def report(rehearsal: Rehearsal) -> str:
    lines = [f"{rehearsal.scenario_id} ({rehearsal.path})"]
    run = None
    for step in rehearsal.steps:
        if step.run != run:
            run = step.run
            lines.append(f"  {run}")
        mark = "ok  " if step.passed else "FAIL"
        lines.append(
            f'    {step.number:2d} {mark} {step.event:28} score {step.score:3d}  "{_cut(step.say)}"'
        )
        if step.customer:
            lines.append(f'         customer: "{_cut(step.customer, 90)}"')
        lines.extend(f"         - {f}" for f in step.failures)
    passed = sum(s.passed for s in rehearsal.steps)
    lines.append(f"  {passed}/{len(rehearsal.steps)} steps passed")
    return "\n".join(lines)


def _cut(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
