"""Rehearse a scenario: play its scripted trainee turns (``<name>.test.yml``)
through the real engine and check each customer reaction and score.

This is how a trainer knows a script works before reps see it: a step fails
with what was expected and what happened instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salescoach.practice import session
from salescoach.practice.scenario import TEST_SUFFIX, Problem, Scenario, ScenarioError, validated


@dataclass(frozen=True)
class StepResult:
    run: str
    number: int
    say: str
    event: str
    score: int
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


def rehearse(path: str | Path, scenarios: dict[str, Scenario]) -> Rehearsal:
    """Play every run in a test file; raises ScenarioError if the file itself is wrong."""
    data = validated(path, "scenario_test")
    scenario = scenarios.get(data["scenario"])
    if scenario is None:
        known = ", ".join(sorted(scenarios)) or "none"
        raise ScenarioError(
            [
                Problem(
                    str(path), 1, "scenario", f"no scenario '{data['scenario']}' (known: {known})"
                )
            ]
        )
    result = Rehearsal(scenario.id, str(path))
    for run in data["runs"]:
        result.steps.extend(_play(scenario, run, data.get("seed", "rehearsal")))
    return result


def _play(scenario: Scenario, run: dict[str, Any], seed: str) -> list[StepResult]:
    state, _ = session.start(scenario, f"{seed}:{run['name']}")
    results = []
    for number, step in enumerate(run["steps"], start=1):
        if state["ended"]:
            failure = f"the call already ended ({state['outcome']})"
            results.append(StepResult(run["name"], number, step["say"], "-", 0, (failure,)))
            continue
        turn = session.take_turn(scenario, state, step["say"])
        state = turn.state
        failures = tuple(_check(step["expect"], turn))
        results.append(
            StepResult(
                run["name"], number, step["say"], turn.customer.event, turn.result.score, failures
            )
        )
    return results


def _check(expect: dict[str, Any], turn: session.Turn) -> list[str]:
    event, result = turn.customer.event, turn.result
    failures = []
    wanted = expect.get("event")
    if wanted and event != wanted and not event.startswith(f"{wanted}:"):
        failures.append(f"expected the customer to {wanted}, got {event}")
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
        said = step.say if len(step.say) <= 50 else step.say[:47] + "..."
        lines.append(f'    {step.number:2d} {mark} {step.event:28} score {step.score:3d}  "{said}"')
        lines.extend(f"         - {f}" for f in step.failures)
    passed = sum(s.passed for s in rehearsal.steps)
    lines.append(f"  {passed}/{len(rehearsal.steps)} steps passed")
    return "\n".join(lines)
