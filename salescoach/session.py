"""A practice session: the scenario's customer, the rep's scored replies and
the scorecard at the end.

All state is a plain JSON-serialisable dict, so the Rasa tracker can carry it
in a slot and any action server can take the next turn (they stay stateless).
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from dataclasses import dataclass
from statistics import mean
from typing import Any

from salescoach import data_files, persona
from salescoach.scenario import Scenario
from salescoach.scoring import Context, ReplyScore, score_reply, spin

FRAMEWORKS = ("spin", "sandwich", "objection")


@dataclass(frozen=True)
class Turn:
    result: ReplyScore
    customer: persona.CustomerTurn
    state: dict[str, Any]


def start(scenario: Scenario, seed: str) -> tuple[dict[str, Any], str]:
    """A fresh state and the customer's opening line."""
    state: dict[str, Any] = {
        "scenario_id": scenario.id,
        "seed": seed,
        "turn": 0,
        "patience": scenario.persona.patience,
        "trust": scenario.persona.trust,
        "revealed": {},
        "next_objection": 0,
        "open_objection": None,
        "objection_steps": [],
        "resolved": [],
        "turns": [],
        "ended": False,
        "outcome": None,
    }
    opening = random.Random(f"{seed}:opening").choice(scenario.opening)
    state["customer_line"] = opening
    return state, opening


def context(scenario: Scenario, state: dict[str, Any]) -> Context:
    open_index = state["open_objection"]
    return Context(
        objection=None if open_index is None else scenario.objections[open_index].kind,
        persona=scenario.persona.disc,
        customer_line=state["customer_line"],
        done_steps=tuple(state["objection_steps"]),
        spin_history=tuple(t for turn in state["turns"] for t in turn["spin"]),
        turn=state["turn"],
    )


def take_turn(scenario: Scenario, state: dict[str, Any], text: str) -> Turn:
    """Score the rep's reply and let the customer answer; returns a new state."""
    state = copy.deepcopy(state)
    before = context(scenario, state)
    result = score_reply(text, before)
    state["turn"] += 1
    rng = random.Random(f"{state['seed']}:{state['turn']}")
    customer = persona.respond(scenario, state, result, text, rng)
    if not customer.ended and state["turn"] >= scenario.max_turns:
        customer = persona.stall(scenario, rng)
    state["turns"].append(
        {
            "score": result.score,
            "spin": [q.type for q in result.spin],
            "sandwich": result.sandwich.score if result.sandwich.applies else None,
            "objection": before.objection,
            "steps": result.objection_steps,
            "signals": result.signals,
        }
    )
    state["customer_line"] = customer.line
    if customer.ended:
        state["ended"], state["outcome"] = True, customer.outcome
    return Turn(result, customer, state)


def scorecard(scenario: Scenario, state: dict[str, Any]) -> dict[str, Any]:
    """Per-framework scores for the whole session and the two things to work on."""
    turns = state["turns"]
    spin_types = [t for turn in turns for t in turn["spin"]]
    return {
        "scenario_id": scenario.id,
        "turns": len(turns),
        "outcome": state["outcome"] or "ended_by_rep",
        "overall": round(mean(t["score"] for t in turns)) if turns else 0,
        "frameworks": {
            "spin": _spin_score(spin_types),
            "sandwich": _mean_or_none(t["sandwich"] for t in turns),
            "objection": _objection_score(turns, len(state["resolved"])),
        },
        "spin_mix": {kind: spin_types.count(kind) for kind in spin.TYPES},
        "objections_resolved": list(state["resolved"]),
        "work_on": _work_on(turns),
    }


def _mean_or_none(values: Any) -> int | None:
    present = [v for v in values if v is not None]
    return round(mean(present)) if present else None


def _spin_score(types: list[str]) -> int | None:
    """Credit the mix (more implication and need-payoff) and the S -> P -> I -> N movement."""
    if not types:
        return None
    quality = mean(spin.VALUE[t] for t in types)
    levels = [spin.TYPES.index(t) for t in types]
    climbed = max(levels) - levels[0]
    return round(min(100.0, quality * 0.8 + climbed * 7))


def _objection_score(turns: list[dict[str, Any]], resolved: int) -> int | None:
    handled = [t for t in turns if t["objection"]]
    if not handled:
        return None
    raised = len({t["objection"] for t in handled})
    return round(0.6 * mean(t["score"] for t in handled) + 40 * resolved / raised)


def _work_on(turns: list[dict[str, Any]]) -> list[str]:
    tips = data_files.load("tips")
    counts = Counter(s for t in turns for s in t["signals"] if s in tips and s != "well_done")
    ranked = sorted(counts, key=lambda s: (-counts[s], -tips[s]["priority"]))
    return [tips[s]["tip"] for s in ranked[:2]]
