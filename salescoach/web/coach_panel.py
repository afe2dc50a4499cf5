"""What the coach panel beside the chat shows after a reply: the score, the
framework steps the reply hit and the ones it missed, the sentences behind
the score, and the tips. Sent to the web page as a custom payload; the same
``hits`` wording labels transcripts for team leads.
"""

from __future__ import annotations

from typing import Any

from salescoach.frameworks import SANDWICH_PARTS
from salescoach.practice.chat_text import FRAMEWORK_LABELS, OUTCOME_TEXT
from salescoach.practice.state import CallState, TurnRecord
from salescoach.scoring import objection


def hits(result: dict[str, Any]) -> list[str]:
    """What a reply did, in a lead's words: SPIN types, objection steps, sandwich layers."""
    done = [f"{q['type'].replace('_', '-')} question" for q in result.get("spin", [])]
    done += result.get("objection_steps", [])
    if "next_step" in result.get("signals", []):
        done.append("next step")
    sandwich = result.get("sandwich") or {}
    if sandwich.get("applies"):
        parts = [p for p in SANDWICH_PARTS if sandwich.get(p)]
        done.append(f"sandwich {'+'.join(parts) or 'missing'}")
    return done


def misses(result: dict[str, Any], record: TurnRecord, state: CallState) -> list[str]:
    """The steps the reply should have taken and did not: an objection step it
    skipped (or the next one, if it took none while an objection was open), a
    missing sandwich layer around hard news, or any question at all (unless the
    reply's job was to tell: a next step, an objection step, hard news)."""
    missed = []
    taken = result["objection_steps"]
    still_open = record.objection is not None and state.open_objection is not None
    if still_open:
        done = state.objection_steps
        if taken:
            furthest = max(taken, key=objection.STEPS.index)
            missed += [f"objection step: {s}" for s in objection.skipped(furthest, done)]
        elif step := objection.next_step(done):
            missed.append(f"objection step: {step}")
    sandwich = result["sandwich"]
    if sandwich["applies"]:
        missed += [f"sandwich {p}" for p in ("opening", "closing") if not sandwich[p]]
    if not (result["spin"] or taken or "next_step" in result["signals"] or sandwich["applies"]):
        missed.append("a SPIN question")
    return missed


def payload(result: dict[str, Any], state: CallState) -> dict[str, Any]:
    """The panel for the reply just taken (the last turn record in ``state``)."""
    return {
        "score": result["score"],
        "hit": hits(result),
        "missed": misses(result, state.turns[-1], state),
        "evidence": result["evidence"],
        "tips": result["feedback"],
    }


def scorecard(card: dict[str, Any]) -> dict[str, Any]:
    """The end-of-call card for the page: per-framework scores and two things to work on."""
    return {
        "overall": card["overall"],
        "turns": card["turns"],
        "outcome": card["outcome"],
        "outcome_text": OUTCOME_TEXT[card["outcome"]],
        "frameworks": [
            {"key": key, "label": label, "score": card["frameworks"][key]}
            for key, label in FRAMEWORK_LABELS.items()
        ],
        "spin_path": card["spin_path"]["sequence"],
        "work_on": card["work_on"][:2],
    }
