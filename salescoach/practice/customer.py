"""How a DISC customer reacts to what the rep said.

A real customer answers the question that was asked (``listening``), says so
in character when nothing answers it, reacts to statements (a pitch before any
discovery, a claim without proof, empathy for a problem they named, small
talk, pressure), raises objections on the scenario's schedule and from what
was said (price when the price comes up, trust after a big claim, timing or
change when pushed to sign), and walks away when patience runs out. Patience
and trust move through ``data/personas.yml``; default lines per DISC type are
in ``data/customer.yml``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from salescoach import data_files
from salescoach.frameworks import depth
from salescoach.practice import lexicon, listening
from salescoach.practice.lines import defaults_for, pick, reaction
from salescoach.practice.scenario import Objection, Scenario
from salescoach.practice.state import CallState
from salescoach.practice.understanding import Understanding
from salescoach.scoring import ReplyScore

EVENTS = (
    "fact_revealed",
    "repeated",
    "no_answer",
    "withheld",
    "asked_price",
    "reacted",
    "objection_raised",
    "root_cause",
    "pushback",
    "considering",
    "objection_resolved",
    "filler",
    "advanced",
    "stalled",
    "walked_away",
)
"""What the customer did, as ``event`` or ``event:detail``; a turn that does two
things (tells a fact, then raises a concern that is due) joins them with "+"."""
CALM_WALK_AWAY = 15
_AMOUNT = re.compile(r"\d[\d,.]*")


@dataclass(frozen=True)
class CustomerTurn:
    line: str
    event: str
    ended: bool = False
    outcome: str | None = None


def respond(
    scenario: Scenario,
    state: CallState,
    heard: Understanding,
    result: ReplyScore,
    rng: random.Random,
) -> CustomerTurn:
    """The customer's reaction to one reply; updates ``state`` (mood, facts told, objections)."""
    answer = listening.listen(scenario, heard, state.revealed) if heard.questions else None
    state.remember_words(list(heard.words))
    named_now = heard.price_talk or bool(set(heard.amounts) & _price_amounts(scenario))
    state.price_named = state.price_named or named_now
    codes = _codes(scenario, state, heard, result, answer, named_now)
    _update_mood(state, scenario.persona.disc, result.score, codes)
    if state.patience <= 0 or ("unreadable" in result.signals and state.patience < CALM_WALK_AWAY):
        return end(scenario, state, "walk_away", rng)
    if heard.move == "off_topic":
        return _react(scenario, state, "off_topic", rng)
    if state.open_objection is not None:
        return _while_objection_open(scenario, state, heard, result, answer, rng)
    triggered = _triggered(scenario, state, codes)
    if triggered is not None:
        return _raise(scenario, state, triggered, rng)
    if heard.does("next_step") and heard.move != "question":
        return _next_step(scenario, state, rng)
    if answer is not None and answer.kind == "none" and heard.chatty:
        return _react(scenario, state, "small_talk", rng)
    if answer is not None:
        told = _answer(scenario, state, answer, rng)
        due = _due_objection(scenario, state, rng)
        if due is None:
            return told
        if told.event.startswith(("fact_revealed", "repeated")):
            return CustomerTurn(f"{told.line} {due.line}", f"{told.event}+{due.event}")
        return due
    return _due_objection(scenario, state, rng) or _statement(scenario, state, heard, result, rng)


def end(scenario: Scenario, state: CallState, outcome: str, rng: random.Random) -> CustomerTurn:
    events = {"advance": "advanced", "stall": "stalled", "walk_away": "walked_away"}
    return CustomerTurn(pick(scenario.endings[outcome], state, rng), events[outcome], True, outcome)


def discovered(scenario: Scenario, state: CallState) -> bool:
    """Whether the customer has named a problem (told a fact deeper than situation)."""
    return any(depth(scenario.fact(f).level) >= depth("problem") for f in state.revealed)


def _codes(
    scenario: Scenario,
    state: CallState,
    heard: Understanding,
    result: ReplyScore,
    answer: listening.Heard | None,
    named_now: bool,
) -> set[str]:
    """What this turn was, as personas.yml and objection triggers name it."""
    codes = set(result.signals)
    chatting = answer is not None and answer.kind == "none" and heard.chatty
    if heard.move in ("small_talk", "off_topic") or chatting:
        codes.add("small_talk" if chatting else heard.move)
    if heard.does("argue"):
        codes.add("arguing")
    if heard.does("pressure"):
        codes.add("pressure")
    if heard.push_to_sign:
        codes.add("push_to_sign")
    if named_now:
        codes.add("price_named")
    named = discovered(scenario, state)
    if heard.move == "claim" and not named and state.open_objection is None:
        codes.add("pitch_before_discovery")
    if heard.does("empathy") and named:
        codes.add("empathy")
    if answer is not None and answer.kind == "repeat":
        codes.add("repeat")
    if answer is not None and answer.kind == "none" and not chatting:
        codes.add("repeat" if answer.topic and answer.topic in state.deflected else "no_answer")
    return codes


def _update_mood(state: CallState, disc: str, score: int, codes: set[str]) -> None:
    rules = data_files.load("personas")[disc]
    patience = state.patience + rules["patience_per_turn"] + (score - 50) / 10
    trust = state.trust + (score - 50) / 10
    for code in codes:
        patience += rules["patience"].get(code, 0)
        trust += rules["trust"].get(code, 0)
    state.patience, state.trust = _clamp(patience), _clamp(trust)


def _clamp(value: float) -> int:
    return int(max(0, min(100, round(value))))


def _price_amounts(scenario: Scenario) -> set[str]:
    return {a.rstrip(".,").replace(",", "") for a in _AMOUNT.findall(scenario.product)}


def _react(scenario: Scenario, state: CallState, name: str, rng: random.Random) -> CustomerTurn:
    return CustomerTurn(pick(reaction(scenario, name), state, rng), f"reacted:{name}")


def _answer(
    scenario: Scenario, state: CallState, answer: listening.Heard, rng: random.Random
) -> CustomerTurn:
    if answer.kind == "answer" and answer.fact is not None:
        state.revealed.append(answer.fact.id)
        return CustomerTurn(answer.fact.text, f"fact_revealed:{answer.fact.level}")
    if answer.kind == "repeat" and answer.fact is not None:
        line = pick(reaction(scenario, "repeat"), state, rng).format(fact=answer.fact.text)
        return CustomerTurn(line, f"repeated:{answer.fact.level}")
    if answer.kind == "withheld" and answer.fact is not None:
        line = pick(reaction(scenario, "withheld"), state, rng)
        return CustomerTurn(line, f"withheld:{answer.fact.level}")
    asked_before = answer.topic is not None and answer.topic in state.deflected
    if answer.topic and not asked_before:
        state.deflected.append(answer.topic)
    line = pick(reaction(scenario, "repeat_no_answer" if asked_before else "no_answer"), state, rng)
    return CustomerTurn(line, f"no_answer:{answer.topic}" if answer.topic else "no_answer")


def _pending(scenario: Scenario, state: CallState) -> list[int]:
    return [i for i in range(len(scenario.objections)) if i not in state.raised]


def _ready(scenario: Scenario, state: CallState, objection: Objection) -> bool:
    """An objection refers to what was said: price only once the price is known."""
    return objection.kind != "price" or state.price_named or "price" in scenario.customer_knows


def _triggered(scenario: Scenario, state: CallState, codes: set[str]) -> int | None:
    defaults = data_files.load("customer")["triggers"]
    for i in _pending(scenario, state):
        objection = scenario.objections[i]
        triggers = set(objection.raise_when) | set(defaults[objection.kind])
        if triggers & codes and _ready(scenario, state, objection):
            return i
    return None


def _due_objection(scenario: Scenario, state: CallState, rng: random.Random) -> CustomerTurn | None:
    """The first pending objection whose turn has come, raised; or, for a price
    nobody has named yet, the customer asks for it (once)."""
    due = [
        i
        for i in _pending(scenario, state)
        if scenario.objections[i].raise_after_turn <= state.turn
    ]
    for i in due:
        if _ready(scenario, state, scenario.objections[i]):
            return _raise(scenario, state, i, rng)
        if not state.price_asked:
            state.price_asked = True
            return CustomerTurn(pick(reaction(scenario, "asks_price"), state, rng), "asked_price")
    return None


def _raise(scenario: Scenario, state: CallState, index: int, rng: random.Random) -> CustomerTurn:
    raised = scenario.objections[index]
    state.raised.append(index)
    state.open_objection = index
    state.objection_steps = []
    return CustomerTurn(pick(raised.lines, state, rng), f"objection_raised:{raised.kind}")


def _next_step(scenario: Scenario, state: CallState, rng: random.Random) -> CustomerTurn:
    """A concern still on the customer's mind comes out before any yes."""
    for i in _pending(scenario, state):
        if _ready(scenario, state, scenario.objections[i]):
            return _raise(scenario, state, i, rng)
    if _pending(scenario, state) and not state.price_asked:
        state.price_asked = True
        return CustomerTurn(pick(reaction(scenario, "asks_price"), state, rng), "asked_price")
    if not discovered(scenario, state):
        return _react(scenario, state, "next_step_too_early", rng)
    return end(scenario, state, "advance", rng)


def _while_objection_open(
    scenario: Scenario,
    state: CallState,
    heard: Understanding,
    result: ReplyScore,
    answer: listening.Heard | None,
    rng: random.Random,
) -> CustomerTurn:
    current = scenario.objections[state.open_objection or 0]
    done = state.objection_steps
    for step in result.objection_steps:
        if step not in done:
            done.append(step)
    in_order = (
        done.index("answer") > done.index("probe") if {"answer", "probe"} <= set(done) else False
    )
    if "arguing" in result.signals:
        return CustomerTurn(pick(current.pushback, state, rng), f"pushback:{current.kind}")
    if in_order and "confirm" in done:
        state.resolved.append(current.kind)
        state.open_objection = None
        state.objection_steps = []
        return CustomerTurn(
            pick(current.resolved, state, rng), f"objection_resolved:{current.kind}"
        )
    if (
        answer is not None
        and answer.kind == "answer"
        and not _probes(scenario, current.kind, heard)
    ):
        return _answer(scenario, state, answer, rng)
    if "probe" in result.objection_steps and "answer" not in result.objection_steps:
        return CustomerTurn(pick(current.root_cause, state, rng), f"root_cause:{current.kind}")
    if in_order:
        return CustomerTurn(pick(scenario.fillers, state, rng), f"considering:{current.kind}")
    return CustomerTurn(pick(current.pushback, state, rng), f"pushback:{current.kind}")


def _probes(scenario: Scenario, kind: str, heard: Understanding) -> bool:
    """A question about the objection itself asks for its root cause, not a fact."""
    listed = defaults_for(scenario.language)["objection_words"]
    return any(lexicon.said(word, heard.words) for word in (*listed[kind], *listed["any"]))


def _statement(
    scenario: Scenario,
    state: CallState,
    heard: Understanding,
    result: ReplyScore,
    rng: random.Random,
) -> CustomerTurn:
    if {"unreadable", "not_english", "not_chinese"} & set(result.signals):
        return _react(scenario, state, "unreadable", rng)
    move = heard.move
    if move in ("argue", "pressure"):
        return _react(scenario, state, "arguing" if move == "argue" else "pressure", rng)
    if move == "check":
        return _react(scenario, state, "check_without_objection", rng)
    if move == "claim":
        if "claim_without_data" in result.signals:
            return _react(scenario, state, "claim_needs_proof", rng)
        if not discovered(scenario, state):
            return _react(scenario, state, "pitch_before_discovery", rng)
        return _react(scenario, state, "claim_heard", rng)
    if move == "empathy":
        named = discovered(scenario, state)
        return _react(scenario, state, "empathy" if named else "empathy_unearned", rng)
    if move == "small_talk":
        return _react(scenario, state, "small_talk", rng)
    return CustomerTurn(pick(scenario.fillers, state, rng), "filler")
