"""SPIN questioning (Rackham): find the questions in a reply, classify each as
situation, problem, implication or need-payoff, and mark it open or closed.

Top performers ask relatively more implication and need-payoff questions, so
those earn the most; a pile of situation questions earns less than one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from salescoach.scoring import cues

TYPES = ("situation", "problem", "implication", "need_payoff")
VALUE = {"situation": 45, "problem": 70, "implication": 90, "need_payoff": 100}
_CLAUSE_SPLIT = re.compile(r"[,;:]\s*|\s+(?:and|so|but)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    sentence: str
    type: str
    open: bool

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def is_tag_statement(sentence: str) -> bool:
    """'That saves you money, right?' is a statement looking for agreement."""
    body = sentence.rstrip(" ?!.").lower()
    head, sep, tail = body.rpartition(",")
    return (
        bool(sep)
        and bool(head.strip())
        and cues.regex("question.tag_endings").fullmatch(tail.strip()) is not None
    )


def _last_clause(sentence: str) -> str:
    parts = [p for p in _CLAUSE_SPLIT.split(sentence) if p.strip()]
    return parts[-1] if parts else sentence


def is_question(sentence: str) -> bool:
    if is_tag_statement(sentence):
        return False
    if sentence.rstrip().endswith("?"):
        return True
    return cues.starts("question.request_openers", sentence) or cues.starts(
        "question.request_openers", _last_clause(sentence)
    )


def is_open(sentence: str) -> bool:
    """Open questions start with what/how/why/tell me...; closed ones with an auxiliary verb."""
    clause = _last_clause(sentence.rstrip("?")) if "?" in sentence else sentence
    for text in (clause, sentence):
        if cues.starts("question.open_starts", text) or cues.starts(
            "question.request_openers", text
        ):
            return True
        if cues.starts("question.closed_starts", text):
            return False
    return False


def classify(sentence: str) -> str:
    for kind in ("need_payoff", "implication", "problem"):
        if cues.has(f"spin.{kind}", sentence):
            return kind
    return "situation"


def questions(sentences: list[str]) -> list[Question]:
    return [Question(s, classify(s), is_open(s)) for s in sentences if is_question(s)]


def tag_statements(sentences: list[str]) -> list[str]:
    return [s for s in sentences if is_tag_statement(s)]
