"""How a DISC customer turns a scored reply into their next line.

Patience and trust are state that the rep's replies move; when patience runs
out the customer walks away, as real customers do. Good questions make the
customer reveal hidden facts; early feature dumps bring objections forward.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from salescoach import data_files
from salescoach.practice.scenario import Scenario
from salescoach.scoring import ReplyScore, cues, spin

NEXT_STEP_CUES = "pitch.next_step"


@dataclass(frozen=True)
class CustomerTurn:
    line: str
    event: str
    ended: bool = False
    outcome: str | None = None


def _pick(lines: tuple[str, ...], rng: random.Random) -> str:
    return rng.choice(lines)


def _clamp(value: float) -> int:
    return int(max(0, min(100, round(value))))


def update_mood(state: dict[str, Any], disc: str, result: ReplyScore) -> None:
    """Move patience and trust by the reply's score and the persona's reactions."""
    rules = data_files.load("personas")[disc]
    patience = state["patience"] + rules["patience_per_turn"] + (result.score - 50) / 10
    trust = state["trust"] + (result.score - 50) / 10
    for signal in result.signals:
        patience += rules["patience"].get(signal, 0)
        trust += rules["trust"].get(signal, 0)
    state["patience"], state["trust"] = _clamp(patience), _clamp(trust)


def respond(
    scenario: Scenario, state: dict[str, Any], result: ReplyScore, text: str, rng: random.Random
) -> CustomerTurn:
    """The customer's reaction to one reply; mutates ``state`` (objections, facts, mood)."""
    update_mood(state, scenario.persona.disc, result)
    if state["patience"] <= 0 or ("unreadable" in result.signals and state["patience"] < 15):
        return CustomerTurn(
            _pick(scenario.endings["walk_away"], rng), "walked_away", True, "walk_away"
        )
    if state["open_objection"] is not None:
        return _handle_open_objection(scenario, state, result, rng)
    if _objection_due(scenario, state, result):
        objection = scenario.objections[state["next_objection"]]
        state["open_objection"] = state["next_objection"]
        state["next_objection"] += 1
        state["objection_steps"] = []
        return CustomerTurn(_pick(objection.lines, rng), f"objection_raised:{objection.kind}")
    if state["next_objection"] >= len(scenario.objections) and cues.has(NEXT_STEP_CUES, text):
        return CustomerTurn(_pick(scenario.endings["advance"], rng), "advanced", True, "advance")
    if result.spin:
        return _reveal_fact(scenario, state, result, rng)
    return CustomerTurn(_pick(scenario.fillers, rng), "filler")


def stall(scenario: Scenario, rng: random.Random) -> CustomerTurn:
    return CustomerTurn(_pick(scenario.endings["stall"], rng), "stalled", True, "stall")


def _objection_due(scenario: Scenario, state: dict[str, Any], result: ReplyScore) -> bool:
    if state["next_objection"] >= len(scenario.objections):
        return False
    objection = scenario.objections[state["next_objection"]]
    return state["turn"] >= objection.raise_after_turn or any(
        signal in result.signals for signal in objection.raise_when
    )


def _handle_open_objection(
    scenario: Scenario, state: dict[str, Any], result: ReplyScore, rng: random.Random
) -> CustomerTurn:
    objection = scenario.objections[state["open_objection"]]
    done = state["objection_steps"]
    for step in result.objection_steps:
        if step not in done:
            done.append(step)
    in_order = (
        done.index("answer") > done.index("probe") if {"answer", "probe"} <= set(done) else False
    )
    if "arguing" in result.signals:
        return CustomerTurn(_pick(objection.pushback, rng), f"pushback:{objection.kind}")
    if in_order and "confirm" in done:
        state["resolved"].append(objection.kind)
        state["open_objection"] = None
        state["objection_steps"] = []
        return CustomerTurn(_pick(objection.resolved, rng), f"objection_resolved:{objection.kind}")
    if "probe" in result.objection_steps and "answer" not in result.objection_steps:
        return CustomerTurn(_pick(objection.root_cause, rng), f"root_cause:{objection.kind}")
    if in_order:
        return CustomerTurn(_pick(scenario.fillers, rng), f"considering:{objection.kind}")
    return CustomerTurn(_pick(objection.pushback, rng), f"pushback:{objection.kind}")


def _reveal_fact(
    scenario: Scenario, state: dict[str, Any], result: ReplyScore, rng: random.Random
) -> CustomerTurn:
    level = max((q.type for q in result.spin), key=spin.TYPES.index)
    facts = scenario.facts[level]
    index = state["revealed"].get(level, 0)
    state["revealed"][level] = index + 1
    if index >= len(facts):
        return CustomerTurn(_pick(scenario.fillers, rng), "filler")
    return CustomerTurn(facts[index], f"fact_revealed:{level}")
