"""The end-of-session scorecard: per framework, per skill, and the SPIN path.

It reads only the compact turn records a session keeps (score, SPIN types,
objection steps, sandwich parts, signals), so a team-lead report can rebuild
it from the database without re-scoring anything.
"""

from __future__ import annotations

from collections import Counter
from statistics import mean
from typing import Any

from salescoach import data_files
from salescoach.frameworks import SPIN_LETTERS
from salescoach.practice.state import CallState, TurnRecord
from salescoach.scoring import objection, spin
from salescoach.scoring.reply import tip_text

SKILLS = (
    "open_questions",
    "implication_and_need_payoff",
    "spin_progression",
    "acknowledging",
    "probing",
    "answering",
    "confirming",
    "sandwich_opening",
    "sandwich_closing",
    "concise_replies",
    "claims_with_evidence",
)
STEP_SKILLS = ("acknowledging", "probing", "answering", "confirming")
TOP_PERFORMER_IN_SHARE = 0.5


def build(scenario_id: str, state: CallState, language: str = "en") -> dict[str, Any]:
    """The card for a call; its "work on" tips in ``language`` (the scenario's)."""
    turns = state.turns
    types = [t for turn in turns for t in turn.spin]
    return {
        "scenario_id": scenario_id,
        "turns": len(turns),
        "outcome": state.outcome or "ended_by_rep",
        "overall": round(mean(t.score for t in turns)) if turns else 0,
        "frameworks": {
            "spin": _spin_score(types) if types or not turns else 0,
            "sandwich": _mean_or_none(t.sandwich for t in turns),
            "objection": _objection_score(turns, len(state.resolved)),
        },
        "spin_mix": {kind: types.count(kind) for kind in spin.TYPES},
        "spin_path": spin_path(types),
        "skills": skills(turns),
        "objections_resolved": list(state.resolved),
        "work_on": _work_on(turns, language),
    }


def spin_path(types: list[str]) -> dict[str, Any]:
    """Did the rep climb S -> P -> I -> N, or stay on situation questions?"""
    levels = [spin.TYPES.index(t) for t in types]
    return {
        "sequence": " ".join(SPIN_LETTERS[t] for t in types),
        "share_implication_need_payoff": round(_share_in(types), 2) if types else None,
        "progressed": bool(levels) and max(levels) > levels[0] and max(levels) >= 2,
        "stuck_on_situation": len(types) >= 3 and set(types) == {"situation"},
    }


def skills(turns: list[TurnRecord]) -> dict[str, int | None]:
    """0-100 per skill, None when the session gave no chance to show it."""
    questions = [(t, o) for turn in turns for t, o in zip(turn.spin, _openness(turn))]
    types = [t for t, _ in questions]
    handled = [t for t in turns if t.objection]
    hard_news = [t for t in turns if t.sandwich_parts is not None]
    return {
        "open_questions": _rate(o for _, o in questions),
        "implication_and_need_payoff": None
        if not types
        else round(min(1.0, _share_in(types) / TOP_PERFORMER_IN_SHARE) * 100),
        "spin_progression": None if not types else 25 * (1 + max(map(spin.TYPES.index, types))),
        **{
            skill: _step_rate(handled, step)
            for skill, step in zip(
                ("acknowledging", "probing", "answering", "confirming"), objection.STEPS
            )
        },
        "sandwich_opening": _rate("opening" in (t.sandwich_parts or ()) for t in hard_news),
        "sandwich_closing": _rate("closing" in (t.sandwich_parts or ()) for t in hard_news),
        "concise_replies": _rate("too_long" not in t.signals for t in turns),
        "claims_with_evidence": _rate("claim_without_data" not in t.signals for t in turns),
    }


def _openness(turn: TurnRecord) -> list[bool]:
    return turn.open or [True] * len(turn.spin)


def _share_in(types: list[str]) -> float:
    return sum(t in ("implication", "need_payoff") for t in types) / len(types)


def _step_rate(handled: list[TurnRecord], step: str) -> int | None:
    """Per objection raised: did the rep perform this step at some turn while it was open?"""
    episodes: dict[str, set[str]] = {}
    for turn in handled:
        episodes.setdefault(turn.objection or "", set()).update(turn.steps)
    return _rate(step in done for done in episodes.values())


def _rate(flags: Any) -> int | None:
    values = list(flags)
    return round(100 * sum(values) / len(values)) if values else None


def _mean_or_none(values: Any) -> int | None:
    present = [v for v in values if v is not None]
    return round(mean(present)) if present else None


def _spin_score(types: list[str]) -> int | None:
    """Credit the mix (more implication and need-payoff) and the S -> P -> I -> N climb;
    a pile of situation questions scores below a few good ones."""
    if not types:
        return None
    quality = mean(spin.VALUE[t] for t in types)
    levels = [spin.TYPES.index(t) for t in types]
    climbed = max(levels) - levels[0]
    return round(min(100.0, quality * 0.8 + climbed * 7))


def _objection_score(turns: list[TurnRecord], resolved: int) -> int | None:
    handled = [t for t in turns if t.objection]
    if not handled:
        return None
    raised = len({t.objection for t in handled})
    return round(0.6 * mean(t.score for t in handled) + 40 * resolved / raised)


def _work_on(turns: list[TurnRecord], language: str = "en") -> list[str]:
    """The two most important tips the rep has not yet acted on: advice the call
    followed after it was given (a need-payoff question after "ask one") is dropped."""
    tips = data_files.load("tips")
    last_seen = {s: i for i, t in enumerate(turns) for s in t.signals if s in tips}
    last_seen.pop("well_done", None)
    counts = Counter(s for t in turns for s in t.signals)
    open_advice = [
        s for s, i in last_seen.items() if not any(_follows(s, t) for t in turns[i + 1 :])
    ]
    ranked = sorted(open_advice, key=lambda s: (-tips[s]["priority"], -counts[s]))
    return [tip_text(s, language) for s in ranked[:2]]


_FOLLOWED_BY = {
    "no_question": lambda t: bool(t.spin),
    "ask_problem": lambda t: "problem" in t.spin,
    "stuck_on_situation": lambda t: bool(set(t.spin) - {"situation"}),
    "move_to_implication": lambda t: "implication" in t.spin,
    "move_to_need_payoff": lambda t: "need_payoff" in t.spin,
    "closed_question": lambda t: any(_openness(t)),
    "confirm_resolved": lambda t: "confirm" in t.steps,
    "answer_root_cause": lambda t: "answer" in t.steps,
    "answer_wrong_kind": lambda t: "answer" in t.steps,
    "sandwich_opening": lambda t: "opening" in (t.sandwich_parts or ()),
    "sandwich_closing": lambda t: "closing" in (t.sandwich_parts or ()),
}


def _follows(signal: str, turn: TurnRecord) -> bool:
    """Whether a later turn did what the tip for ``signal`` asked."""
    rule = _FOLLOWED_BY.get(signal)
    return bool(rule and rule(turn))
