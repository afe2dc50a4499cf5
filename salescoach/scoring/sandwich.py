"""The sandwich method: positive opening, the unwelcome core message, positive
close (value restated or a next step). It only applies when the reply carries
hard news, and each layer earns partial credit.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from salescoach.scoring import cues, objection, spin

WEIGHTS = {"opening": 35, "core": 30, "closing": 35}
_MONEY = re.compile(
    r"[$€£₹¥]\s?\d|\b\d[\d,.]*\s?(?:k|m)?\s?(?:dollars|euros|pounds|usd|eur|gbp|inr|rupees|bucks)\b",
    re.IGNORECASE,
)
_LIMITATION = re.compile(
    r"\b(?:we|we're|i|it|that|this|they|system|app|platform|tool|software|product|module|version|"
    r"plan|tier|package|firmware|sla|contract|licen[cs]e|price|pricing|setup|implementation|"
    r"integration)\b(?:\s+\w+){0,2}?\s+(?:can't|cannot|can not|won't|doesn't|does not|don't|"
    r"do not|isn't|aren't|wouldn't)\b(?!\s+(?:be\s+a\s+problem|take\s+long|need\s+to\s+worry|"
    r"have\s+to|regret|matter|mean\s+you|worry|stop\s+you|lock\s+you))",
    re.IGNORECASE,
)
_CONCESSION = re.compile(r"\b(?:though|yet)\W*$", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(?:if|unless|when|whether)\b[^,;]*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]|\s-\s|\b(?:but|and|so|which|though|although)\b")


@dataclass(frozen=True)
class Sandwich:
    applies: bool
    opening: bool
    core: bool
    closing: bool
    score: int
    core_sentence: str = ""

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("core_sentence")
        return data


def _core_match(sentence: str) -> re.Match[str] | None:
    """Where the hard news starts in a sentence, if it carries any.

    A question is discovery, not news; "if we can't…" is a hypothetical; a price
    framed as a saving ("only $3 a day, less than one late load") is value.
    """
    if spin.is_question(sentence):
        return None
    restating = objection.acknowledges(sentence)
    for match in (
        cues.find("sandwich.core", sentence),
        cues.find("objection.argue", sentence),
        None if restating else _LIMITATION.search(sentence),
        None if restating else _CONCESSION.search(sentence),
    ):
        if match and not _CONDITIONAL.search(sentence[: match.start()]):
            return match
    money = _MONEY.search(sentence)
    if (
        money
        and not restating
        and not cues.has("sandwich.price_as_value", sentence.replace(money.group(), " "))
    ):
        return money
    return None


def _opens(text: str) -> bool:
    """Something positive first; 'I understand, but everyone says that' is not it."""
    return (
        cues.has("sandwich.opening", text)
        and not cues.has("objection.dismissive", text)
        and not objection.argues(text)
    )


def assess(sentences: list[str]) -> Sandwich:
    """The core is the first hard-news sentence; the opening comes before or at its start,
    the close after it (later sentences, or a later clause of the same sentence)."""
    found = next(((i, s, m) for i, s in enumerate(sentences) if (m := _core_match(s))), None)
    if found is None:
        return Sandwich(applies=False, opening=False, core=False, closing=False, score=0)
    i, sentence, match = found
    lead, tail = sentence[: match.start()], sentence[match.end() :]
    opening = any(_opens(s) for s in sentences[:i]) or (
        _opens(lead)
        and not cues.has("objection.dismissive", sentence)
        and not objection.argues(sentence)
    )
    later = _CLAUSE_BREAK.split(tail, maxsplit=1)
    closing = any(cues.has("sandwich.closing", s) for s in sentences[i + 1 :]) or (
        len(later) > 1 and cues.has("sandwich.closing", later[-1])
    )
    score = WEIGHTS["core"] + WEIGHTS["opening"] * opening + WEIGHTS["closing"] * closing
    return Sandwich(True, opening, True, closing, score, sentence)
