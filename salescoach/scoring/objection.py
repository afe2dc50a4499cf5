"""Four-step objection handling: acknowledge, probe the root cause, answer that
root cause for this kind of objection, confirm it is resolved. Order matters,
across turns as well as within one reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from salescoach.frameworks import OBJECTION_KINDS, OBJECTION_STEPS
from salescoach.scoring import chinese, cues, learned, spin

STEPS = OBJECTION_STEPS
TIP_FOR_NEXT_STEP = {
    "acknowledge": "acknowledge_first",
    "probe": "probe_before_answer",
    "answer": "answer_root_cause",
    "confirm": "confirm_resolved",
}
KINDS = OBJECTION_KINDS
ANSWER_SHIFT = 0.3
"""The answer classifiers under-call (each kind's answers are a few among many sentences):
their probability is raised by this much, tuned on the dev sets."""


def next_step(done: Iterable[str]) -> str | None:
    """The first of the four steps not done yet, or None when all are."""
    finished = set(done)
    return next((s for s in STEPS if s not in finished), None)


def skipped(step: str, done: Iterable[str]) -> list[str]:
    """The steps before ``step`` not done yet: taking ``step`` now jumps over them."""
    finished = set(done)
    return [s for s in STEPS[: STEPS.index(step)] if s not in finished]


_OPTIONS = re.compile(r"\bor\b|还是|還是|或者", re.IGNORECASE)
_OFFER_WORDS = 3
"""What follows the pivot must be an offer ("we can start with one site"), not a stray
pronoun ("…you've never heard of us"), which the classifiers read on their priors alone."""
_TELLING_WORDS = 8
"""A question's lead clauses tell (an offer, a figure) from this many words on; shorter,
they name what the question is about."""
_PIVOT = re.compile(
    r"\b(?:we|we've|we'll|we'd|we're|our|i can|i'll|that's why|which is why|that is why)\b"
    r"|我们|我們|我可以|我这边|我這邊|我来|我來|所以|因此",
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)
def acknowledges(sentence: str) -> bool:
    """Empathy that is not undercut: 'I understand, but everyone says that' is dismissal."""
    return (
        learned.agree(
            learned.predict(sentence).binary["acknowledge"],
            cues.has("objection.acknowledge", sentence),
            learned.language(sentence),
        )
        and not cues.has("objection.dismissive", sentence)
        and not argues(sentence)
    )


@lru_cache(maxsize=16384)
def argues(sentence: str) -> bool:
    return cues.has("objection.argue", sentence)


def _statement_part(sentence: str) -> str:
    """The telling part of a sentence: all of a statement, the lead clauses of a question
    when they say something ('We can start with one site next month, would that
    work?'); shorter ones are the question's topic ('这样分阶段上，还有顾虑吗？',
    '想多听你说说，是什么让你…')."""
    if not spin.is_question(sentence):
        return sentence
    head = " ".join(spin.clauses(sentence)[:-1])
    if spin.is_question(head) or chinese.word_count(head) < _TELLING_WORDS:
        return ""
    return head


@lru_cache(maxsize=16384)
def answers(sentence: str, kind: str) -> bool:
    """A clause that meets this kind of objection, in the rep's own offer.

    Restating the concern ("I know it's a big investment") is acknowledgement, and a
    clause carrying hard news ("we can't discount") or giving up ("I'll check back in
    January") answers nothing.
    """
    statement = _statement_part(sentence)
    if not statement or argues(statement) or cues.has("objection.gives_up", statement):
        return False
    if acknowledges(statement):
        cue = cues.find("objection.acknowledge", statement)
        match = _PIVOT.search(statement, cue.end() if cue else 0)
        if not match or chinese.word_count(statement[match.start() :]) < _OFFER_WORDS:
            return False
        statement = statement[match.start() :]
    rule = any(
        cues.has(f"objection.answer.{kind}", clause) and not cues.has("sandwich.core", clause)
        for clause in spin.clauses(statement)
    )
    chance = learned.predict(statement).answers(kind) + ANSWER_SHIFT
    return learned.agree(chance, rule, learned.language(statement))


def steps_in(sentence: str, kind: str, answered: bool = False) -> list[str]:
    """The steps one sentence performs, in the order they are heard. Once the rep has
    answered, a closed question without options checks the answer landed ("Is this
    helping with the price?", "You think OK?"): a confirm, not a probe."""
    found = []
    if acknowledges(sentence):
        found.append("acknowledge")
    if answers(sentence, kind):
        found.append("answer")
    if spin.is_question(sentence):
        reason = spin.question_aside(sentence, objection_open=True)
        checks_back = answered and not spin.is_open(sentence) and not _OPTIONS.search(sentence)
        if reason == "confirm" or (reason is None and checks_back and not argues(sentence)):
            found.append("confirm")
        elif reason is None and not argues(sentence):
            found.append("probe")
    return found


def steps(sentences: list[str], kind: str | None, answered: bool = False) -> list[tuple[str, str]]:
    """(step, sentence) pairs in reply order, each step counted once; none without an
    objection. ``answered``: the rep answered this objection on an earlier turn."""
    if kind not in KINDS:
        return []
    found: list[tuple[str, str]] = []
    for sentence in sentences:
        for step in steps_in(sentence, kind, answered):
            if step not in (s for s, _ in found):
                found.append((step, sentence))
        answered = answered or any(s == "answer" for s, _ in found)
    return found


def answers_other_kind(sentences: list[str], kind: str) -> bool:
    return any(answers(s, other) for s in sentences for other in KINDS if other != kind)


def raised_kind(customer_line: str) -> str | None:
    """The objection a customer's line raises, for callers that only pass the line."""
    return next((k for k in KINDS if cues.has(f"raised.{k}", customer_line)), None)
