"""What the customer understood a reply to do: one judgement per turn, built
once, that the customer reacts to and the turn record keeps.

Two readings go into it. Rasa's NLU (the same trained model in the chat, on
the page and in the CLI) says what the reply does as a whole (its intent: ask,
pitch, empathise, propose a next step…) and what a question asks about (the
topic classifier). The scorer reads it sentence by sentence (which sentences
ask, their SPIN type, acknowledgements, next steps, pressure). A move either
reading finds counts; where a reply does several things the customer reacts to
the strongest first, in the order of ``PRECEDENCE``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from salescoach.frameworks import depth
from salescoach.practice import lexicon
from salescoach.practice.scenario import topics
from salescoach.scoring import ReplyScore, objection, spin

PRECEDENCE = (
    "off_topic",
    "argue",
    "pressure",
    "question",
    "next_step",
    "check",
    "claim",
    "empathy",
    "small_talk",
    "filler",
)
INTENT_MOVES = {
    "ask_question": "question",
    "make_claim": "claim",
    "show_empathy": "empathy",
    "propose_next_step": "next_step",
    "check_concern": "check",
    "make_small_talk": "small_talk",
    "greet": "small_talk",
    "out_of_scope": "off_topic",
    "apply_pressure": "pressure",
    "reply_customer": "filler",
}
SIGNAL_MOVES = {
    "next_step": "next_step",
    "pressure": "pressure",
    "acknowledged": "empathy",
    "claim_without_data": "claim",
    "feature_dump": "claim",
    "tied_benefit": "claim",
    "pitch_question": "claim",
}
MIN_INTENT = 0.35
MIN_SECOND_INTENT = 0.25
MIN_OFF_TOPIC = 0.6
SURE_SMALL_TALK = 0.6
MIN_TOPIC_DEPTH = 0.35
_AMOUNT = re.compile(r"\d[\d,.]*")
PRICE_CONCEPT = "price"
COMMIT_CONCEPT = "commit"
Parse = Callable[[str], Mapping[str, Any]]
"""The NLU model's parse of a reply: ``tracker.latest_message`` in the chat."""


@dataclass(frozen=True)
class Understanding:
    moves: tuple[str, ...]
    """Every move the reply makes, strongest first; ``moves[0]`` is what the customer answers."""
    topics: tuple[tuple[str, float], ...] = ()
    """What a question asks about, with the topic classifier's confidence."""
    questions: tuple[str, ...] = ()
    """The sentences that ask (or the whole reply when only the NLU heard a question)."""
    setup: str = ""
    """What the rep said before asking ("Imagine one shared sheet. What would that change?"):
    it often names what the question is about."""
    depth: int = 0
    """How deep the questions go (0 situation … 3 need-payoff): deeper facts need deeper ones."""
    price_talk: bool = False
    """A statement about price (price, fee, licence, subscription…)."""
    amounts: tuple[str, ...] = ()
    """Numbers the rep's statements name (the product's price among them, perhaps)."""
    push_to_sign: bool = False
    words: tuple[str, ...] = ()
    """The reply's lemmas, for customer lines that may only follow what the rep said."""
    chatty: bool = False
    """The NLU is sure the reply is small talk: a question in it that no fact answers
    ("How was the Ferraro wedding?") is chat, not a question to decline."""

    @property
    def move(self) -> str:
        return self.moves[0]

    def does(self, move: str) -> bool:
        return move in self.moves

    @property
    def topic(self) -> str | None:
        return self.topics[0][0] if self.topics else None

    def topic_weight(self, names: tuple[str, ...]) -> float:
        return sum(p for t, p in self.topics if t in names)


CHAT_QUESTIONS = ("small_talk", "not_discovery")
"""Asides a customer may still answer: not discovery to the coach, but asked all the same."""


def understand(text: str, parse: Mapping[str, Any] | None, result: ReplyScore) -> Understanding:
    """Combine Rasa's parse of the reply (``tracker.latest_message``) with the scorer's."""
    parse = parse or {}
    ranking = [
        (str(r.get("name")), float(r.get("confidence") or 0.0))
        for r in parse.get("intent_ranking") or [parse.get("intent") or {}]
        if r.get("name") in INTENT_MOVES
    ]
    heard = [INTENT_MOVES[name] for name, p in ranking[:1] if p >= MIN_INTENT]
    heard += [INTENT_MOVES[name] for name, p in ranking[1:2] if p >= MIN_SECOND_INTENT]
    questions = [q.sentence for q in result.spin] + [
        sentence for reason, sentence in result.asides if reason in CHAT_QUESTIONS
    ]
    moves = set(heard) | {m for signal, m in SIGNAL_MOVES.items() if signal in result.signals}
    if questions:
        moves.add("question")
    elif heard[:1] == ["question"]:
        questions = [text]
    if any(reason == "confirm" for reason, _ in result.asides):
        moves.add("check")
    if any(objection.argues(sentence) for sentence in result.sentences):
        moves.add("argue")
    if not any(INTENT_MOVES[n] == "off_topic" and p >= MIN_OFF_TOPIC for n, p in ranking[:1]):
        moves.discard("off_topic")
    ordered = tuple(sorted(moves, key=PRECEDENCE.index)) or ("filler",)
    if "question" not in ordered:
        questions = []
    found = tuple(
        (str(r["name"]), float(r["confidence"]))
        for r in parse.get("topic_ranking") or []
        if r.get("name") in topics()
    )
    statements = " ".join(s for s in result.sentences if not spin.is_question(s))
    return Understanding(
        moves=ordered,
        topics=found,
        questions=tuple(questions),
        setup=_setup(result.sentences, questions),
        depth=_depth(result, found) if questions else 0,
        price_talk=PRICE_CONCEPT in lexicon.concepts(statements),
        amounts=tuple(a.rstrip(".,").replace(",", "") for a in _AMOUNT.findall(statements)),
        push_to_sign=bool({"next_step", "pressure"} & moves)
        and COMMIT_CONCEPT in lexicon.concepts(text),
        words=tuple(lexicon.lemmas(text)),
        chatty=_chatting(ranking),
    )


def _setup(sentences: list[str], questions: list[str]) -> str:
    if not questions:
        return ""
    first = next((i for i, s in enumerate(sentences) if questions[0] in s), 0)
    return " ".join(s for s in sentences[:first] if not spin.is_question(s))


def _chatting(ranking: list[tuple[str, float]]) -> bool:
    """Small talk, by the NLU's reading, with hardly a question in it."""
    confidence = dict(ranking)
    return (
        confidence.get("make_small_talk", 0.0) >= SURE_SMALL_TALK
        and confidence.get("ask_question", 0.0) < MIN_SECOND_INTENT / 2
    )


def _depth(result: ReplyScore, found: tuple[tuple[str, float], ...]) -> int:
    """The deeper of the scorer's SPIN types and the topics' levels: a question whose
    topics at implication depth or deeper carry ``MIN_TOPIC_DEPTH`` asks that deep."""
    levels = [depth(q.type) for q in result.spin]
    mass = [0.0] * 4
    for name, p in found:
        mass[depth(topics()[name]["level"])] += p
    levels += [level for level in range(4) if sum(mass[level:]) >= MIN_TOPIC_DEPTH]
    return max(levels, default=0)
