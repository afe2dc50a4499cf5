"""A practice call, one turn at a time: score the rep's reply, understand it,
let the customer react, and keep a compact record for the scorecard.

The state is a ``CallState`` that the Rasa tracker carries in a slot (as
``to_slot()``), so any action server can take the next turn; nothing here
imports Rasa. The NLU parse of the reply comes in from the caller: the action
server passes ``tracker.latest_message``, the CLI the same model's parse.
"""

from __future__ import annotations

import copy
import dataclasses
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from salescoach import text_input
from salescoach.frameworks import SANDWICH_PARTS
from salescoach.practice import customer
from salescoach.practice.lines import pick
from salescoach.practice.scenario import Scenario
from salescoach.practice.state import CallState, TurnRecord
from salescoach.practice.understanding import Understanding, understand
from salescoach.scoring import Context, ReplyScore, chinese, score_reply
from salescoach.scoring.reply import in_wrong_language


@dataclass(frozen=True)
class Turn:
    result: ReplyScore
    heard: Understanding
    customer: customer.CustomerTurn
    state: CallState


def start(scenario: Scenario, seed: str) -> tuple[CallState, str]:
    """A fresh state and the customer's opening line."""
    state = CallState(
        scenario_id=scenario.id,
        seed=seed,
        patience=scenario.persona.patience,
        trust=scenario.persona.trust,
    )
    opening = pick(scenario.opening, state, random.Random(f"{seed}:opening"))
    state.customer_line = opening
    state.said.append(opening)
    return state, opening


def context(scenario: Scenario, state: CallState) -> Context:
    """What the scorer needs to know about the call so far."""
    open_index = state.open_objection
    return Context(
        objection=None if open_index is None else scenario.objections[open_index].kind,
        persona=scenario.persona.disc,
        customer_line=state.customer_line,
        done_steps=tuple(state.objection_steps),
        spin_history=tuple(t for turn in state.turns for t in turn.spin),
        turn=state.turn,
    )


def take_turn(
    scenario: Scenario, state: CallState, text: str, parse: Mapping[str, Any] | None = None
) -> Turn:
    """Score the rep's reply and let the customer answer; returns a new state."""
    text = text_input.clean(text)
    state = copy.deepcopy(state)
    before = context(scenario, state)
    result = score_reply(text, _in_call_language(before, scenario, text))
    if not speaks(scenario, result):
        result = in_wrong_language(result.language, scenario.language)
        parse = None  # the customer does not understand it, whatever the bilingual NLU read
    heard = understand(text, parse, result)
    state.turn += 1
    rng = random.Random(f"{state.seed}:{state.turn}")
    reaction = customer.respond(scenario, state, heard, result, rng)
    if not reaction.ended and state.turn >= scenario.max_turns:
        reaction = customer.end(scenario, state, "stall", rng)
    state.turns.append(
        TurnRecord(
            score=result.score,
            spin=[q.type for q in result.spin],
            open=[q.open for q in result.spin],
            sandwich=result.sandwich.score if result.sandwich.applies else None,
            sandwich_parts=_sandwich_parts(result) if result.sandwich.applies else None,
            objection=before.objection,
            steps=result.objection_steps,
            signals=result.signals,
            move=heard.move,
            event=reaction.event,
        )
    )
    state.customer_line = reaction.line
    state.said.append(reaction.line)
    if reaction.ended:
        state.ended, state.outcome = True, reaction.outcome
    return Turn(result, heard, reaction, state)


def speaks(scenario: Scenario, result: ReplyScore) -> bool:
    """Whether the customer understands the reply: a Chinese customer reads either
    script; a reply in any other language earns nothing."""
    if "not_english" in result.signals:
        return False
    return (result.language == "en") == (scenario.language == "en")


def _in_call_language(before: Context, scenario: Scenario, text: str) -> Context:
    """A Chinese call reads a reply with any Chinese in it as Chinese, however many
    English product names it carries."""
    if scenario.language == "en" or not chinese.has_han(text):
        return before
    return dataclasses.replace(before, lang="zh")


def _sandwich_parts(result: ReplyScore) -> list[str]:
    return [p for p in SANDWICH_PARTS if getattr(result.sandwich, p)]
