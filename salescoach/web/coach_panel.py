"""What the coach panel beside the chat shows after a reply: the score, the
framework steps the reply hit and the ones it missed, the sentences behind
the score, and the tips. Sent to the web page as a custom payload; the same
``hits`` wording labels transcripts for team leads. Everything is in the call's
language (the wording is in ``data/messages/scorecard.yml``).
"""

from __future__ import annotations

from typing import Any

from salescoach import messages
from salescoach.frameworks import SANDWICH_PARTS
from salescoach.practice.chat_text import FRAMEWORKS, label
from salescoach.practice.state import CallState, TurnRecord
from salescoach.scoring import objection


def _say(key: str, language: str, **fields: Any) -> str:
    return messages.text(f"scorecard.{key}", language, **fields)


def hits(result: dict[str, Any], language: str = "en") -> list[str]:
    """What a reply did, in a lead's words: SPIN types, objection steps, sandwich layers."""
    done = [
        _say("hit_question", language, level=label("spin", q["type"], language))
        for q in result.get("spin", [])
    ]
    done += [label("step", step, language) for step in result.get("objection_steps", [])]
    if "next_step" in result.get("signals", []):
        done.append(_say("hit_next_step", language))
    sandwich = result.get("sandwich") or {}
    if sandwich.get("applies"):
        parts = "+".join(label("sandwich", p, language) for p in SANDWICH_PARTS if sandwich.get(p))
        done.append(
            _say("hit_sandwich", language, parts=parts or _say("sandwich_missing", language))
        )
    return done


def misses(
    result: dict[str, Any], record: TurnRecord, state: CallState, language: str = "en"
) -> list[str]:
    """The steps the reply should have taken and did not: an objection step it
    skipped (or the next one, if it took none while an objection was open), a
    missing sandwich layer around hard news, or any question at all (unless the
    reply's job was to tell: a next step, an objection step, hard news)."""
    missed = []
    taken = result["objection_steps"]
    still_open = record.objection is not None and state.open_objection is not None
    skipped: list[str] = []
    if still_open:
        done = state.objection_steps
        if taken:
            skipped = list(objection.skipped(max(taken, key=objection.STEPS.index), done))
        elif step := objection.next_step(done):
            skipped = [step]
    missed += [_say("missed_step", language, step=label("step", s, language)) for s in skipped]
    sandwich = result["sandwich"]
    if sandwich["applies"]:
        missed += [
            _say("missed_sandwich", language, part=label("sandwich", p, language))
            for p in ("opening", "closing")
            if not sandwich[p]
        ]
    if not (result["spin"] or taken or "next_step" in result["signals"] or sandwich["applies"]):
        missed.append(_say("missed_question", language))
    return missed


def payload(result: dict[str, Any], state: CallState, language: str = "en") -> dict[str, Any]:
    """The panel for the reply just taken (the last turn record in ``state``)."""
    return {
        "score": result["score"],
        "hit": hits(result, language),
        "missed": misses(result, state.turns[-1], state, language),
        "evidence": result["evidence"],
        "tips": result["feedback"],
    }


def scorecard(card: dict[str, Any], language: str = "en") -> dict[str, Any]:
    """The end-of-call card for the page: per-framework scores and two things to work on."""
    return {
        "overall": card["overall"],
        "turns": card["turns"],
        "outcome": card["outcome"],
        "outcome_text": label("outcome", card["outcome"], language),
        "frameworks": [
            {
                "key": key,
                "label": label("framework", key, language),
                "score": card["frameworks"][key],
            }
            for key in FRAMEWORKS
        ],
        "spin_path": card["spin_path"]["sequence"],
        "work_on": card["work_on"][:2],
    }
