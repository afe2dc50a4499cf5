"""The course's frameworks and personas. Each rule is defined here once; the
scorer, the customer, the scenario schema (checked by a test), the CLI and the
reports all read it from here.
"""

from __future__ import annotations

DISC = ("D", "I", "S", "C")
DISC_NAMES = {"D": "dominant", "I": "influential", "S": "steady", "C": "conscientious"}

SPIN_LEVELS = ("situation", "problem", "implication", "need_payoff")
SPIN_LETTERS = {"situation": "S", "problem": "P", "implication": "I", "need_payoff": "N"}

OBJECTION_KINDS = ("price", "trust", "need", "timing", "change")
OBJECTION_STEPS = ("acknowledge", "probe", "answer", "confirm")

SANDWICH_PARTS = ("opening", "core", "closing")

OUTCOMES = ("advance", "stall", "walk_away")


def depth(level: str) -> int:
    """How deep a SPIN level is: situation 0 … need-payoff 3."""
    return SPIN_LEVELS.index(level)
