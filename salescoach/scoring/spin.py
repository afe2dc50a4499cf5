"""SPIN questioning (Rackham): find the questions in a reply, classify each as
situation, problem, implication or need-payoff, and mark it open or closed.

Only genuine requests for information count. A statement with a tag ("…,
right?"), a pitch dressed as a question, a check that an objection is settled,
a proposed next step and small talk are *asides*: they are reported, not
credited, because rewarding them would teach reps to fake discovery.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import asdict, dataclass
from functools import lru_cache

from salescoach.frameworks import SPIN_LEVELS
from salescoach.scoring import chinese, cues, learned, zh_questions

TYPES = SPIN_LEVELS
VALUE = {"situation": 45, "problem": 70, "implication": 90, "need_payoff": 100}
QUALIFYING_VALUE = 60
_CLAUSE_SPLIT = re.compile(
    r"[,;:\u2013\u2014，；：、]\s*|\s+-\s+|\s+(?:and|so|but)\s+", re.IGNORECASE
)
_SMALL_TALK_WORDS = 10
_HYPOTHETICAL = re.compile(
    r"\b(?:if|suppose|supposing|say|imagine|once)\b|如果|假如|要是|假设|假設|一旦|若是",
    re.IGNORECASE,
)
_WOULD = re.compile(r"\b(?:would|could|might)\b|'d\b|会|會|能|可以", re.IGNORECASE)
_NEGATION = re.compile(
    r"n't\b|\b(?:not|no|never|miss\w*|fail\w*|lose|lost|late)\b"
    r"|不解决|不解決|没解决|沒解決|不处理|不處理|一直这样|一直這樣|拖下去",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(
    r"\b(?:that|it|this|those|these|they|them|something)\b"
    r"|这个问题|這個問題|这种情况|這種情況|这件事|這件事|这一点|這一點|那种情况|那種情況|它",
    re.IGNORECASE,
)
_JOINED_QUESTION = re.compile(
    r"(?:,\s*and|\s+and|;)\s+(?=(?:what|how|why|who|which|where|when|is|are|do|does|did|"
    r"would|could|can|has|have)\b(?:'s)?\s+\w+\s+\w+)"
    r"|(?:,|\s[-\u2013\u2014])\s*(?=(?:is|are|was|were|do|does|did|has|have)\s+"
    r"(?:it|that|this|they|there|you)\s+\w+\s+\w+)",
    re.IGNORECASE,
)
_CACHED = 16384
"""Sentences whose readings are kept: a reply asks about each sentence several times."""
_LEAD_PUNCT = " \"'(-,.:;!\u2013\u2014"
_WH_AUX = re.compile(
    r"(?:what|how|why|where|when|who|which)(?:'?s\b|\s+(?:happens|goes|costs|means|changes|"
    r"breaks|stops|slows|drives|keeps|makes|gets|takes|matters|worries|bothers|bugs)\b|"
    r"\s+(?:do|does|did|is|are|was|were|would|"
    r"could|can|will|has|have|should|might|many|much|often|long|far|big|soon|quickly|exactly))\b",
    re.IGNORECASE,
)
_WH_START = re.compile(r"(?:what|how|why|which|who|where|when)\b", re.IGNORECASE)
_WH_YOU = re.compile(
    r"(?:what|how|why|which|who)\b(?!\s+(?:we|i|our|you|about)\b)(?:\W+\w+){0,3}?\W+you(?:r|'ve|'re)?\b",
    re.IGNORECASE,
)
_WH_AUX_YOU = re.compile(
    r"(?:what|how|why)(?:'s|\s+(?:do|does|did|is|are|was|were|would|could|can|will|has|have))\b"
    r"(?:\W+\w+){0,3}?\W+you(?:r|'ve|'re|'d)?\b",
    re.IGNORECASE,
)
_AUX_SECOND_PERSON = re.compile(
    r"(?:do|does|did|is|are|was|were|would|could|can|will|have|has)\s+(?:you|your)\b", re.IGNORECASE
)
_AUX_YOU = re.compile(
    r"(?:do|does|did|is|are|was|were|would|could|can|will|have|has|should)\s+"
    r"(?:you|your|the|it|that|this|they|anyone|anything|there)\b",
    re.IGNORECASE,
)
_INVERTED = re.compile(
    r"(?:(?:is|are|was|were|does|did|has)\s+(?!not\b)[a-z]+\s+\w+"
    r"|any(?:thing|one|body)?\s+(?!time\b|way\b|how\b)\w+)",
    re.IGNORECASE,
)
_PSEUDO_CLEFT = re.compile(r"\b(?:is|was)\s+(?:that|to|what|how|why)\b", re.IGNORECASE)
_TYPED_QUESTION = re.compile(
    r"(?:(?:what|which)\s+(?!(?:a|an|i|we|you|they|he|she|it|matters|counts)\b)\w+\s+\w+"
    r"|(?:who|what)\s+\w+s\b"
    r"|how\s+\w+\s+(?:is|are|does|do|did|would|will|was|were|has|have|can|could)\b"
    r"|(?:if|when)\b[^?]*?[,\s](?:what|how|who|which)\s+(?:would|will|does|do|did|is|are|could|"
    r"can|happens)\b)",
    re.IGNORECASE,
)


_OFFER = re.compile(
    r"\b(?:(?:can|could|shall|may|should|might)\s+(?:i|we)|if\s+(?:i|we))\s+(?:\w+\s+){0,2}?"
    r"(?:come|came|pop|popped|drop|dropped|swing|swung|stop|stopped|visit|visited|show|showed|book|"
    r"booked|set|arrange|arranged|walk|walked|bring|brought|run|ran|put|schedule|scheduled|meet|"
    r"met|call|called|organi[sz]e|organi[sz]ed|demo|hop|hopped|jump|sit|sat|pencil|line|grab|"
    r"fix|send|sent|get\s+(?:you|your|a|the|some))\b",
    re.IGNORECASE,
)
_FREE = re.compile(r"\b(?:free|available)\b", re.IGNORECASE)
_WHEN = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|"
    r"(?:this|next|the\s+following)\s+(?:week|month|morning|afternoon)|one\s+(?:morning|afternoon|day)|"
    r"morning|afternoon|later\s+(?:today|this\s+week)|\d{1,2}(?::\d\d)?\s*(?:am|pm)|o'clock|"
    r"a\s+(?:time|date|slot)|sometime|soon|before\s+(?:friday|the\s+end))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Question:
    sentence: str
    type: str
    open: bool

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def strip_lead_ins(text: str) -> str:
    """'So, okay, what is…' -> 'what is…': fillers hide how a question really starts."""
    text = text.lstrip(_LEAD_PUNCT)
    while match := cues.regex("question.lead_ins").match(text):
        rest = text[match.end() :]
        if rest[:1].isalnum():
            break
        text = rest.lstrip(_LEAD_PUNCT)
    return text


@lru_cache(maxsize=_CACHED)
def is_tag_statement(sentence: str) -> bool:
    """'That saves you money, right?' is a statement looking for agreement; 'Why is it
    important to get the handover right?' asks."""
    if chinese.has_han(sentence):
        return zh_questions.is_tag_statement(sentence)
    body = sentence.rstrip(" ?!.").lower()
    head, sep, tail = body.rpartition(",")
    if sep and head.strip() and cues.regex("question.tag_endings").fullmatch(tail.strip()):
        return True
    if not sentence.rstrip().endswith("?") or _WH_AUX.match(strip_lead_ins(body)):
        return False
    tail_match = re.search(rf"(?:{cues.regex('question.tag_tails').pattern})$", body)
    return bool(tail_match and tail_match.start() > 0 and body[: tail_match.start()].split())


def clauses(text: str) -> list[str]:
    """Comma-, dash- and and/so/but-separated parts of a sentence, blanks dropped."""
    return [part for part in _CLAUSE_SPLIT.split(text) if part.strip()]


def _last_clause(sentence: str) -> str:
    parts = clauses(sentence)
    return strip_lead_ins(parts[-1]) if parts else sentence


def _starts_like_question(text: str) -> bool:
    text = strip_lead_ins(text)
    return bool(
        cues.starts("question.request_openers", text) or _WH_AUX.match(text) or _AUX_YOU.match(text)
    )


@lru_cache(maxsize=_CACHED)
def is_question(sentence: str) -> bool:
    """Anything that asks: a question mark, a request ("…, walk me through…"), or a
    question typed without its question mark ("so what frustrates your team most",
    "any issues with your current vendor", "if stock was accurate how would that help").
    Chinese: :mod:`zh_questions`."""
    if chinese.has_han(sentence):
        return zh_questions.is_question(sentence)
    sentence = cues.spelled_out(sentence)
    if is_tag_statement(sentence) or not strip_lead_ins(sentence.rstrip(" ?!.")):
        return False
    if sentence.rstrip().endswith("?"):
        return True
    parts = [strip_lead_ins(c) for c in clauses(sentence)]
    if not parts:
        return False
    first, *later = parts
    return (
        _starts_like_question(first)
        or _starts_like_question(sentence)
        or _typed_without_mark(sentence)
        or bool(_WH_YOU.match(strip_lead_ins(sentence)))
        or any(_later_clause_asks(c) for c in later)
    )


def _typed_without_mark(sentence: str) -> bool:
    """Phone typing drops the mark: 'any issues w ur vendor', 'is support slow to get
    back to u', 'who signs off on this'. 'What most clients find is that…' tells."""
    if _PSEUDO_CLEFT.search(sentence):
        return False
    return bool(
        _INVERTED.match(sentence.lstrip(_LEAD_PUNCT))
        or _TYPED_QUESTION.match(strip_lead_ins(sentence))
    )


def _later_clause_asks(clause: str) -> bool:
    """'…, and has it been allocated' is too loose to count; '…, what would you change' is not."""
    return bool(
        cues.starts("question.request_openers", clause)
        or _WH_AUX_YOU.match(clause)
        or _AUX_SECOND_PERSON.match(clause)
    )


def aside(sentence: str, objection_open: bool = False) -> str | None:
    """Why an asking sentence is not a SPIN question, or None if it is one (or asks nothing)."""
    if is_tag_statement(sentence):
        return "tag"
    return question_aside(sentence, objection_open) if is_question(sentence) else None


@lru_cache(maxsize=_CACHED)
def question_aside(sentence: str, objection_open: bool) -> str | None:
    """For a sentence already known to ask: why it is not a SPIN question, or None.

    The rules name the clear cases (a confirm, next-step, pitch or small-talk
    phrase, a booked meeting, a Chinese question that argues: "有什么好怕的？", whose
    cue list holds whole arguing frames, unlike the English one's "whatever"); the
    classifier adds asides worded without them ("How does that sit with you now?"
    while an objection is open). With no objection open, a check phrase ("would
    that take…") must also look like one to the classifier: "how much stress would
    that take off you?" is discovery.
    """
    sentence = cues.spelled_out(sentence)
    seen = learned.predict(sentence)
    if objection_open and (
        cues.has("not_spin.confirm", sentence) or cues.has("objection.confirm_outside", sentence)
    ):
        return "confirm"
    if cues.has("not_spin.confirm", sentence) and learned.agree(
        seen.spin["not_spin"], True, learned.language(sentence)
    ):
        return "confirm"
    for reason in ("next_step", "pitch"):
        if cues.has(f"not_spin.{reason}", sentence):
            return reason
    if chinese.has_han(sentence) and cues.has("objection.argue", sentence):
        return "not_discovery"
    if proposes_a_meeting(sentence):
        return "next_step"
    if len(sentence.split()) <= _SMALL_TALK_WORDS and cues.has("not_spin.small_talk", sentence):
        return "small_talk"
    if objection_open and seen.binary["confirm"] > 0.5:
        return "confirm"
    if seen.spin["not_spin"] > 0.5:
        return "not_discovery"
    return None


def proposes_a_meeting(sentence: str) -> bool:
    """'Shall I come in on Tuesday to look at the server?', 'Would it help if I popped in
    one afternoon next week?', 'free thurs for a demo?': the rep offers to do something
    with the customer at a time, or asks when they are free, which books a next step."""
    return bool((_OFFER.search(sentence) or _FREE.search(sentence)) and _WHEN.search(sentence))


def qualifies(question: Question) -> bool:
    """Who decides, the budget, the timeline, the competition: situation questions
    that qualify a deal, worth more than asking about today's setup."""
    return question.type == "situation" and cues.has("spin.qualifying", question.sentence)


def value(question: Question) -> int:
    base = QUALIFYING_VALUE if qualifies(question) else VALUE[question.type]
    return base + (5 if question.open else -10)


@lru_cache(maxsize=_CACHED)
def is_open(sentence: str) -> bool:
    """Open questions invite an explanation; closed ones take yes/no or a pick from options."""
    if chinese.has_han(sentence):
        return zh_questions.is_open(sentence)
    sentence = cues.spelled_out(sentence)
    clause = _last_clause(sentence.rstrip("?")) if "?" in sentence else sentence
    for text in (clause, strip_lead_ins(sentence)):
        if cues.starts("question.open_starts", text) or cues.starts(
            "question.request_openers", text
        ):
            return True
        if cues.starts("question.closed_starts", text):
            return False
    return True


def _pictures_a_solution(sentence: str) -> bool:
    """'If reminders went out automatically, how much time would that free up?' asks the
    buyer to value a solved state: need-payoff, unless the if-clause names a problem."""
    match = _HYPOTHETICAL.search(sentence)
    if not match or not _WOULD.search(sentence):
        return False
    condition = _CLAUSE_SPLIT.split(sentence[match.end() :], maxsplit=1)[0]
    return not (
        cues.has("spin.problem", condition)
        or cues.has("spin.implication", condition)
        or _NEGATION.search(condition)
    )


@lru_cache(maxsize=_CACHED)
def classify(sentence: str) -> str:
    """What a question asks about: the classifier's probabilities, with the rules'
    reading of the same sentence added as one more vote."""
    sentence = cues.spelled_out(sentence)
    rule = rule_type(sentence)
    votes = learned.predict(sentence).spin
    return max(TYPES, key=lambda kind: votes[kind] + learned.RULE_WEIGHT * (kind == rule))


def rule_type(sentence: str) -> str:
    if cues.has("spin.problem_first", sentence):
        return "problem"
    if cues.has("spin.need_payoff", sentence) or _pictures_a_solution(sentence):
        return "need_payoff"
    for kind in ("implication", "problem"):
        if cues.has(f"spin.{kind}", sentence):
            return kind
    return "situation"


def split_questions(sentence: str) -> list[str]:
    """'What system do you use, and who manages it?' and 'How do you handle it now - is
    it all email?' ask two things."""
    if chinese.has_han(sentence):
        return zh_questions.split_questions(sentence)
    parts = [p.strip() for p in _JOINED_QUESTION.split(sentence) if p and p.strip()]
    first = strip_lead_ins(parts[0])
    if len(parts) > 1 and (_starts_like_question(first) or _WH_START.match(first)):
        return parts
    return [sentence]


def questions(
    sentences: list[str],
    objection_open: bool = False,
    not_asking: Set[str] = frozenset(),
) -> list[Question]:
    """SPIN questions in reply order.

    A follow-up that points back ("Does *it* show up in your reviews?") keeps the
    type of what it follows. While an objection is open a question explores what
    lies behind it, so a plain one counts as a problem question. ``not_asking``: sentences
    the objection steps found to confirm, not ask.
    """
    found: list[Question] = []
    previous = ""
    for s in sentences:
        if s not in not_asking and is_question(s) and question_aside(s, objection_open) is None:
            for part in split_questions(s):
                kind = classify(part)
                if kind == "situation" and _ANAPHORA.search(part):
                    kind = _follow_up_type(found, previous)
                if objection_open and kind == "situation":
                    kind = "problem"
                found.append(Question(part, kind, is_open(part)))
                previous = part
        else:
            previous = s
    return found


def _follow_up_type(found: list[Question], previous: str) -> str:
    if found and found[-1].sentence == previous:
        return found[-1].type
    kind = classify(previous) if previous else "situation"
    return "problem" if kind in ("problem", "implication") else "situation"


def asides(sentences: list[str], objection_open: bool = False) -> list[tuple[str, str]]:
    """(reason, sentence) for every asking sentence that is not a SPIN question."""
    return [(r, s) for s in sentences if (r := aside(s, objection_open))]
