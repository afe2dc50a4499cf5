"""The sandwich method: positive opening, the unwelcome core message, positive
close (value restated or a next step). It only applies when the reply carries
hard news, and each layer earns partial credit.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from salescoach.scoring import chinese, cues, learned, objection, spin

WEIGHTS = {"opening": 35, "core": 30, "closing": 35}
_MONEY = re.compile(
    r"[$€£₹¥￥]\s?\d|\b\d[\d,.]*\s?(?:k|m)?\s?(?:dollars|euros|pounds|usd|eur|gbp|inr|rupees|bucks)\b"
    r"|\d[\d,.]*\s?(?:万|萬|千|百)?\s?(?:元|块|塊|港币|港幣|台币|台幣|人民币|人民幣)",
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
_CONDITIONAL = re.compile(
    r"(?:\b(?:if|unless|when|whether)\b|如果|假如|要是|万一|萬一|除非)[^,;，；]*$", re.IGNORECASE
)
_FEWEST_WORDS_TO_READ = 3
_TURN = re.compile(
    r"[:;\u2013\u2014：；，]|\s-\s|\b(?:but|however|though|although|yet|that said|even so)\b"
    r"|但是|不过|不過|可是|然而|只是|但",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[,;:\u2013\u2014，；：]|\s-\s|\b(?:but|and|so|which|though|although)\b|但是|不过|不過|可是|所以"
)


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

    @property
    def earns(self) -> bool:
        """Whether the hard news earns sandwich credit: an argument with the customer
        is hard news that earns none (:func:`assess` scores it 0)."""
        return self.applies and self.score > 0


def _core_span(sentence: str, objection_kind: str | None = None) -> tuple[int, int] | None:
    """Where the hard news is in a sentence, if it carries any.

    A question is discovery, not news. The rules find worded news ("we can't",
    a price, "unfortunately"); the classifier finds news worded without them ("The
    renewal comes in at 14,200, up from 11,900"); each weighs in on the other. The
    classifier reads the whole sentence, and the clause a rule points at, so a
    cheerful clause beside the news ("…, but everything syncs") does not hide it.
    Restating the customer's own concern ("I understand the price is higher than
    you expected") is empathy, and answering the open objection ("we give you a
    support person for three months") is an answer, not news, unless a rule says so.
    """
    if spin.is_question(sentence):
        return None
    match = _rule_match(sentence)
    clauses = _clauses(sentence)
    chance = learned.predict(sentence).binary["hard_news"]
    if match is not None:
        a, b = next(((a, b) for a, b in clauses if b >= match.end()), clauses[-1])
        chance = max(chance, learned.predict(sentence[a:b]).binary["hard_news"])
    if not learned.agree(chance, match is not None, learned.language(sentence)):
        return None
    if match is not None:
        return match.span()
    if objection.acknowledges(sentence) or (
        objection_kind and objection.answers(sentence, objection_kind)
    ):
        return None
    if len(clauses) == 1:
        return clauses[0]
    return max(clauses, key=lambda c: learned.predict(sentence[c[0] : c[1]]).binary["hard_news"])


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the sentence's clauses of two words or more (the whole, if it has one)."""
    spans, start = [], 0
    for brk in _CLAUSE_BREAK.finditer(sentence):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(sentence)))
    return [(a, b) for a, b in spans if chinese.word_count(sentence[a:b]) >= 2] or [
        (0, len(sentence))
    ]


def _rule_match(sentence: str) -> re.Match[str] | None:
    """The rules' reading: a hard-news cue, arguing, a limitation, a concession, a
    price not framed as a saving ("only $3 a day, less than one late load");
    "if we can't…" is a hypothetical, and "I understand the price is higher than you
    expected" restates the customer's concern unless a break ("…, but", ":") turns to news;
    good news that holds a cue ("no extra charge", "不涨价") is not news."""
    restating = objection.acknowledges(sentence)
    core_cue = cues.find("sandwich.core", sentence)
    if restating and core_cue and _same_clause_as_empathy(sentence, core_cue.start()):
        core_cue = None
    welcome = cues.find("sandwich.welcome", sentence)
    if (
        core_cue
        and welcome
        and max(welcome.start(), core_cue.start()) < min(welcome.end(), core_cue.end())
    ):
        core_cue = None
    for match in (
        core_cue,
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


def _same_clause_as_empathy(sentence: str, at: int) -> bool:
    """'I understand the price is higher than you expected', 'I understand you, the price
    is not small': the cue restates the concern; after a turn ('…, but', 'I hear you,
    and…: we can't match') it is news."""
    empathy = cues.find("objection.acknowledge", sentence)
    start = empathy.end() if empathy and empathy.end() <= at else 0
    return not _TURN.search(sentence, start, at)


def _opens(text: str) -> bool:
    """Something positive first; 'I understand, but everyone says that' is not it."""
    return (
        _part(text, "opening")
        and not cues.has("objection.dismissive", text)
        and not objection.argues(text)
    )


def _closes(text: str) -> bool:
    """Value restated, an option or a next step after the news; a push to sign or a
    discovery question is not one."""
    if cues.has("pitch.pressure", text) or _discovers(text):
        return False
    return _part(text, "closing")


def _discovers(text: str) -> bool:
    """A discovery question after the news ('How much stock is on the old labels?') asks,
    it does not close; an offer asked as a question ('Shall I price a repair?') does."""
    return spin.is_question(text) and spin.question_aside(text, False) is None


def _part(text: str, part: str) -> bool:
    """The rule's cue and the classifier's reading; a fragment of a word or two ("Your
    premium's") is too short for the classifier to judge, so only a cue counts there."""
    cue = cues.has(f"sandwich.{part}", text)
    if chinese.word_count(text) < _FEWEST_WORDS_TO_READ:
        return cue
    return learned.agree(learned.predict(text).part[part], cue, learned.language(text))


def assess(sentences: list[str], objection_kind: str | None = None) -> Sandwich:
    """The core is the first hard-news sentence; the opening comes before or at its start,
    the close after it (later sentences, or a later clause of the same sentence). An
    argument with the customer is hard news but earns no layer: the rep is told not
    to argue, and no sandwich points may say otherwise."""
    found = next(
        ((i, s, m) for i, s in enumerate(sentences) if (m := _core_span(s, objection_kind))),
        None,
    )
    if found is None:
        return Sandwich(applies=False, opening=False, core=False, closing=False, score=0)
    i, sentence, (start, end) = found
    lead, tail = sentence[:start], sentence[end:]
    opening = any(_opens(s) for s in sentences[:i]) or (
        _opens(lead)
        and not cues.has("objection.dismissive", sentence)
        and not objection.argues(sentence)
    )
    later = _CLAUSE_BREAK.split(tail, maxsplit=1)
    closing = any(_closes(s) for s in sentences[i + 1 :]) or (len(later) > 1 and _closes(later[-1]))
    score = WEIGHTS["core"] + WEIGHTS["opening"] * opening + WEIGHTS["closing"] * closing
    if objection.argues(sentence):
        score = 0
    return Sandwich(True, opening, True, closing, score, sentence)
