"""A practice call's state: what the customer has said and thinks, and a compact
record of every reply.

It crosses modules (the session takes turns, the customer reacts, the
scorecard, hints and the coach panel read it) and processes (the Rasa tracker
carries it in the ``session_state`` slot, so any action server can take the
next turn), so it is a typed object with one JSON form: ``to_slot()`` and
``from_slot()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

MAX_REP_WORDS = 400


@dataclass
class TurnRecord:
    """What one reply did, kept so the scorecard and reports never re-score."""

    score: int
    spin: list[str]
    open: list[bool]
    sandwich: int | None
    sandwich_parts: list[str] | None
    objection: str | None
    steps: list[str]
    signals: list[str]
    move: str = ""
    event: str = ""


@dataclass
class CallState:
    scenario_id: str
    seed: str
    patience: int
    trust: int
    turn: int = 0
    revealed: list[str] = field(default_factory=list)
    """Fact ids the customer has told, in order."""
    deflected: list[str] = field(default_factory=list)
    """Topics the customer had no answer for (asked again: "I told you")."""
    raised: list[int] = field(default_factory=list)
    """Indexes of the scenario's objections raised so far, in order."""
    open_objection: int | None = None
    objection_steps: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    price_named: bool = False
    price_asked: bool = False
    rep_words: list[str] = field(default_factory=list)
    """Lemmas the rep has used, for lines that may only follow what was said."""
    said: list[str] = field(default_factory=list)
    """The customer's lines so far, so no line is said twice in a row."""
    turns: list[TurnRecord] = field(default_factory=list)
    customer_line: str = ""
    exam: bool = False
    """Chosen when the call starts: no hint or live feedback for its whole length."""
    ended: bool = False
    outcome: str | None = None

    def to_slot(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_slot(cls, data: Any) -> CallState | None:
        """The state a slot holds, or None if it holds none (or not one of ours)."""
        if not isinstance(data, dict) or not isinstance(data.get("scenario_id"), str):
            return None
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if not isinstance(values.get("revealed", []), list):
            return None
        try:
            values["turns"] = [TurnRecord(**t) for t in data.get("turns", [])]
            return cls(**values)
        except TypeError:
            return None

    def remember_words(self, words: list[str]) -> None:
        new = [w for w in dict.fromkeys(words) if w not in self.rep_words]
        self.rep_words = (self.rep_words + new)[-MAX_REP_WORDS:]
