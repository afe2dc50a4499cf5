"""A practice session: the scenario's customer, the rep's scored replies and
the scorecard at the end.

All state is a plain JSON-serialisable dict, so the Rasa tracker can carry it
in a slot and any action server can take the next turn (they stay stateless).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

from salescoach.practice import customer
from salescoach.practice.scenario import Scenario
from salescoach.scoring import Context, ReplyScore, score_reply


@dataclass(frozen=True)
class Turn:
    result: ReplyScore
    customer: customer.CustomerTurn
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
    reaction = customer.respond(scenario, state, result, text, rng)
    if not reaction.ended and state["turn"] >= scenario.max_turns:
        reaction = customer.stall(scenario, rng)
    state["turns"].append(
        {
            "score": result.score,
            "spin": [q.type for q in result.spin],
            "open": [q.open for q in result.spin],
            "sandwich": result.sandwich.score if result.sandwich.applies else None,
            "sandwich_parts": _sandwich_parts(result) if result.sandwich.applies else None,
            "objection": before.objection,
            "steps": result.objection_steps,
            "signals": result.signals,
        }
    )
    state["customer_line"] = reaction.line
    if reaction.ended:
        state["ended"], state["outcome"] = True, reaction.outcome
    return Turn(result, reaction, state)


def _sandwich_parts(result: ReplyScore) -> list[str]:
    return [p for p in ("opening", "core", "closing") if getattr(result.sandwich, p)]
