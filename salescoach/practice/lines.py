"""Choosing what the customer says: a variant whose conditions hold (the facts
it refers to were told, the words it echoes were said), not said before in the
call while another is left, picked with the call's seeded random generator so
a rehearsal is repeatable.
"""

from __future__ import annotations

import random
from typing import Any

from salescoach import data_files
from salescoach.practice import lexicon
from salescoach.practice.scenario import Line, Scenario
from salescoach.practice.state import CallState
from salescoach.scoring import chinese


def allowed(line: Line, state: CallState) -> bool:
    if any(fact_id not in state.revealed for fact_id in line.after):
        return False
    return not line.if_said or any(lexicon.said(w, state.rep_words) for w in line.if_said)


def pick(lines: tuple[Line, ...], state: CallState, rng: random.Random) -> str:
    """A fitting variant, fresh if one is left; never the line just said if another fits.

    A line whose conditions hold refers to what was said, so it is preferred to
    the plain ones (which are there for when nothing more specific fits).
    """
    fitting = [line for line in lines if allowed(line, state)] or list(lines)
    fitting = [line for line in fitting if line.after or line.if_said] or fitting
    fresh = [line for line in fitting if line.text not in state.said]
    others = [line for line in fitting if line.text != state.customer_line]
    return rng.choice(fresh or others or fitting).text


def reaction(scenario: Scenario, name: str) -> tuple[Line, ...]:
    """The scenario's own lines for a reaction, else its DISC type's defaults."""
    if name in scenario.reactions:
        return scenario.reactions[name]
    defaults = defaults_for(scenario.language)["reactions"][scenario.persona.disc][name]
    return tuple(Line(chinese.in_script(text, scenario.language)) for text in defaults)


def defaults_for(language: str) -> dict[str, Any]:
    """``data/customer.yml``, or for a Chinese customer ``customer.zh.yml`` (written in
    Simplified; a zh-Hant customer says it in Traditional)."""
    return data_files.load("customer" if language == "en" else "customer.zh")
