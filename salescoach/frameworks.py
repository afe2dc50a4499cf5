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

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
"""What a scenario's customer speaks: English, Simplified or Traditional Chinese."""

OUTCOMES = ("advance", "stall", "walk_away")
"""How a customer can end a call."""
OUTCOME_LABELS = {
    "advance": "next step agreed",
    "stall": "customer stalled",
    "walk_away": "customer walked away",
    "ended_by_rep": "rep ended the call",
    "unfinished": "left unfinished",
}
"""What a lead reads for every outcome a session can have: the customer's endings, the
scorecard's when the rep ends the call, the reports' for a call never ended. CSV and
JSON keep the raw names, which programs read."""


def outcome_label(outcome: str) -> str:
    """An outcome in words; one this version does not know reads as its own words."""
    return OUTCOME_LABELS.get(outcome, outcome.replace("_", " "))


def depth(level: str) -> int:
    """How deep a SPIN level is: situation 0 … need-payoff 3."""
    return SPIN_LEVELS.index(level)
