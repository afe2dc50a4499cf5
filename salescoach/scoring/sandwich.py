"""The sandwich method: positive opening, the unwelcome core message, positive
close (value restated or a next step). It only applies when the reply carries
hard news, and each layer earns partial credit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from salescoach.scoring import cues, spin

WEIGHTS = {"opening": 35, "core": 30, "closing": 35}


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


def assess(sentences: list[str]) -> Sandwich:
    """The core is the first hard-news statement; the opening must come before it, the close after.

    A question about cost ("What does the outage cost you?") is discovery, not hard news.
    """
    core_at = next(
        (
            i
            for i, s in enumerate(sentences)
            if cues.has("sandwich.core", s) and not spin.is_question(s)
        ),
        None,
    )
    if core_at is None:
        return Sandwich(applies=False, opening=False, core=False, closing=False, score=0)
    before, after = sentences[:core_at], sentences[core_at + 1 :]
    core_sentence = sentences[core_at]
    opening = any(cues.has("sandwich.opening", s) for s in before) or _opens_positively(
        core_sentence
    )
    closing = any(cues.has("sandwich.closing", s) for s in after)
    score = WEIGHTS["core"] + WEIGHTS["opening"] * opening + WEIGHTS["closing"] * closing
    return Sandwich(True, opening, True, closing, score, core_sentence)


def _opens_positively(sentence: str) -> bool:
    """'I understand, but the price is fixed' carries opening and core in one sentence."""
    match = cues.regex("sandwich.opening").search(sentence)
    core = cues.regex("sandwich.core").search(sentence)
    return bool(match and core and match.start() < core.start())
