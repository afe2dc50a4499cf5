"""Score one trainee reply against SPIN, sandwich and four-step objection
handling, adjusted for the customer's DISC persona.

This is the one scoring code path: the action server, the CLI and the tests
all call :func:`score_reply`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from salescoach import data_files, text_input
from salescoach.frameworks import DISC, SPIN_LEVELS
from salescoach.scoring import chinese, cues, nlp, objection, sandwich, spin

MAX_TIPS = 2
ASIDE_SIGNALS = {"tag": "tag_question", "pitch": "pitch_question", "next_step": "next_step"}
ASIDE_NOTES = {
    "tag": "a statement ending in a tag is not a question",
    "pitch": "a pitch phrased as a question is not discovery",
    "next_step": "a concrete next step",
}
NEXT_STEP_VALUE = 75
TOP_SCORE = 90
WELL_DONE_SCORE = 70
NEXT_RUNG = {
    "situation": "ask_problem",
    "problem": "next_implication",
    "implication": "move_to_need_payoff",
}
"""After a question of this SPIN level, the tip for the next level up."""
FEATURE_DUMP_MENTIONS = 3
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER = re.compile(r"\d")
LANGUAGE_NAMES = {
    "en": "en",
    "zh": "zh",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
}
"""What `lang` may say: 'zh' leaves the script to the reply's characters."""


class BadInput(ValueError):
    """A reply or context that cannot be scored; the message says why."""


@dataclass(frozen=True)
class Context:
    """What the scorer needs to know about the conversation so far."""

    objection: str | None = None
    persona: str | None = None
    customer_line: str = ""
    done_steps: tuple[str, ...] = ()
    spin_history: tuple[str, ...] = ()
    turn: int = 0
    lang: str | None = None
    """'en', 'zh', 'zh-Hans' or 'zh-Hant' when the caller knows the rep's language:
    the tips come in it. None: told from the reply's characters."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Context:
        unknown = set(data) - {f for f in cls.__dataclass_fields__}
        if unknown:
            raise BadInput(f"unknown context field(s): {', '.join(sorted(unknown))}")
        if data.get("objection") not in (None, *objection.KINDS):
            raise BadInput(f"objection must be one of {', '.join(objection.KINDS)} or null")
        if data.get("persona") not in (None, *DISC):
            raise BadInput(f"persona must be one of {', '.join(DISC)} or null")
        steps = tuple(data.get("done_steps", ()))
        if not set(steps) <= set(objection.STEPS):
            raise BadInput(f"done_steps may only hold {', '.join(objection.STEPS)}")
        history = tuple(data.get("spin_history", ()))
        if not set(history) <= set(spin.TYPES):
            raise BadInput(f"spin_history may only hold {', '.join(spin.TYPES)}")
        turn = data.get("turn", 0)
        if not isinstance(turn, int) or turn < 0:
            raise BadInput("turn must be a whole number >= 0")
        lang = data.get("lang")
        if lang is not None and (not isinstance(lang, str) or lang.lower() not in LANGUAGE_NAMES):
            raise BadInput("lang must be one of en, zh, zh-Hans, zh-Hant (or null)")
        kind = data.get("objection")
        if "objection" not in data and data.get("customer_line"):
            kind = objection.raised_kind(str(data["customer_line"]))
        return cls(
            objection=kind,
            persona=data.get("persona"),
            customer_line=str(data.get("customer_line", "")),
            done_steps=steps,
            spin_history=history,
            turn=turn,
            lang=LANGUAGE_NAMES[lang.lower()] if lang else None,
        )


@dataclass
class ReplyScore:
    spin: list[spin.Question]
    sandwich: sandwich.Sandwich
    objection_steps: list[str]
    score: int
    feedback: list[str]
    signals: list[str] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)
    language: str = "en"
    """What the reply was read as: 'en', 'zh-Hans' or 'zh-Hant'."""
    sentences: list[str] = field(default_factory=list)
    """The reply's sentences, as the scorer split them (not part of the JSON)."""
    asides: list[tuple[str, str]] = field(default_factory=list)
    """(reason, sentence) for asking sentences that are not SPIN questions (not in the JSON)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "spin": [q.to_json() for q in self.spin],
            "sandwich": self.sandwich.to_json(),
            "objection_steps": self.objection_steps,
            "score": self.score,
            "feedback": self.feedback,
            "signals": self.signals,
            "evidence": self.evidence,
            "language": self.language,
        }


class _Scoring:
    """Collects component scores, signals and evidence while one reply is scored."""

    def __init__(self) -> None:
        self.components: list[tuple[float, float]] = []
        self.signals: list[str] = []
        self.evidence: list[dict[str, str]] = []

    def component(self, value: float, weight: float = 1.0) -> None:
        self.components.append((max(0.0, min(100.0, value)), weight))

    def signal(self, code: str, sentence: str = "", note: str = "") -> None:
        if code not in self.signals:
            self.signals.append(code)
        if sentence:
            self.evidence.append({"sentence": sentence, "note": note or code})

    def total(self) -> float:
        if not self.components:
            return 40.0
        return sum(v * w for v, w in self.components) / sum(w for _, w in self.components)


def score_reply(text: str, context: Context | None = None) -> ReplyScore:
    """Score one reply; never raises on odd text (empty, emoji, HTML, other languages)."""
    context = context or Context()
    text = text_input.clean(text or "")
    reading = nlp.read(text, context.lang) if _LETTER.search(text) else None
    if reading is None or not reading.words:
        return _unreadable("unreadable", chinese.resolve(context.lang, chinese.language_of(text)))
    if not reading.readable:
        return _unreadable("not_english", reading.language)
    sentences = reading.sentences
    scoring = _Scoring()
    objection_open = context.objection is not None
    steps = objection.steps(sentences, context.objection, "answer" in context.done_steps)
    confirms = {sentence for step, sentence in steps if step == "confirm"}
    questions = spin.questions(sentences, objection_open, not_asking=confirms)
    asides = spin.asides(sentences, objection_open=objection_open)
    pushing = any(cues.has("pitch.pressure", s) for s in sentences)
    if pushing:
        asides = [(reason, s) for reason, s in asides if reason != "next_step"]
    wrap = sandwich.assess(sentences, context.objection)
    _score_spin(scoring, questions, asides, context, wrap.applies or pushing)
    _score_sandwich(scoring, wrap)
    if context.objection:
        _score_objection(scoring, steps, sentences, context)
    else:
        _score_prevention(scoring, sentences)
    length = len(reading.words) if chinese.has_han(text) else len(text.split())
    _persona_signals(scoring, length, sentences, questions, context)
    score = scoring.total() - _persona_penalty(scoring.signals, context.persona)
    return ReplyScore(
        spin=questions,
        sandwich=wrap,
        objection_steps=[s for s, _ in steps],
        score=round(max(0.0, min(100.0, score))),
        feedback=_tips(scoring.signals, score, reading.language, steps, questions),
        signals=scoring.signals,
        evidence=scoring.evidence,
        language=reading.language,
        sentences=sentences,
        asides=asides,
    )


def in_wrong_language(language: str, call_language: str = "en") -> ReplyScore:
    """A reply in another language than the call's: no points, and the tip says which
    language this customer speaks (in the language the rep typed)."""
    return _unreadable("not_english" if call_language == "en" else "not_chinese", language)


def _unreadable(signal: str, language: str) -> ReplyScore:
    empty = sandwich.Sandwich(False, False, False, False, 0)
    return ReplyScore([], empty, [], 0, _tips([signal], 0, language), [signal], language=language)


def _score_spin(
    scoring: _Scoring,
    questions: list[spin.Question],
    asides: list[tuple[str, str]],
    context: Context,
    telling_news: bool = False,
) -> None:
    """Questions earn their SPIN value; a reply without one is told to ask, unless it
    proposes a next step, answers an objection, delivers hard news (telling is the job)
    or pushes to sign (the pressure tip says what to do instead)."""
    for reason, sentence in asides:
        if reason in ASIDE_SIGNALS:
            scoring.signal(ASIDE_SIGNALS[reason], sentence, ASIDE_NOTES[reason])
    if "next_step" in scoring.signals and not context.objection:
        scoring.component(NEXT_STEP_VALUE)
    if not questions:
        if not (context.objection or telling_news or "next_step" in scoring.signals):
            scoring.signal("no_question")
        return
    for q in questions:
        kind = "qualifying" if spin.qualifies(q) else q.type.replace("_", "-")
        scoring.evidence.append(
            {"sentence": q.sentence, "note": f"{'open' if q.open else 'closed'} {kind} question"}
        )
    best = max(spin.value(q) for q in questions)
    if best >= 70:
        scoring.signal("good_question")
    if not any(q.open for q in questions):
        scoring.signal("closed_question")
    discovery = [q for q in questions if not spin.qualifies(q)]
    situation = sum(q.type == "situation" for q in discovery)
    if situation >= 3:
        best -= 20
        scoring.signal("situation_pile")
    if {q.type for q in discovery} == {"situation"} and context.spin_history.count(
        "situation"
    ) >= 3:
        best -= 15
        scoring.signal("stuck_on_situation")
    types = {q.type for q in questions}
    history = () if context.objection or not discovery else context.spin_history
    if "problem" in history and not types & {"implication", "need_payoff"}:
        scoring.signal("move_to_implication")
    elif "implication" in history and "need_payoff" not in types:
        scoring.signal("move_to_need_payoff")
    scoring.component(best)


def _score_sandwich(scoring: _Scoring, wrap: sandwich.Sandwich) -> None:
    """Hard news delivered earns its layers; an argument earns no "core message" credit
    or sandwich tips to contradict the tip not to argue (:attr:`Sandwich.earns`)."""
    if not wrap.earns:
        return
    scoring.evidence.append({"sentence": wrap.core_sentence, "note": "core message (hard news)"})
    if not wrap.opening:
        scoring.signal("sandwich_opening")
    if not wrap.closing:
        scoring.signal("sandwich_closing")
    scoring.component(wrap.score)


def _score_objection(
    scoring: _Scoring, steps: list[tuple[str, str]], sentences: list[str], context: Context
) -> None:
    """Each step in order earns 25, out of order 10; a good reply does the next two steps."""
    seen = set(context.done_steps)
    expected = min(2, len([s for s in objection.STEPS if s not in seen])) or 1
    points = 0
    counted: set[str] = set()
    for step, sentence in steps:
        missing = objection.skipped(step, seen)
        if step == "confirm" and "answer" not in seen:
            continue
        counted.add(step)
        points += 10 if missing else 25
        note = f"objection step: {step}" + (f" (skipped {', '.join(missing)})" if missing else "")
        scoring.evidence.append({"sentence": sentence, "note": note})
        if missing:
            scoring.signal(
                "acknowledge_first" if "acknowledge" in missing else "probe_before_answer"
            )
        seen.add(step)
    if "acknowledge" in seen:
        scoring.signal("acknowledged")
    if any(objection.argues(s) for s in sentences):
        points -= 40
        scoring.signal("arguing")
    done = {s for s, _ in steps}
    if (
        "answer" not in done
        and context.objection
        and objection.answers_other_kind(sentences, context.objection)
    ):
        scoring.signal("answer_wrong_kind")
    next_step = objection.next_step(seen)
    if next_step and not counted:
        # Nothing counted (a check before any answer is none): say what comes next.
        scoring.signal(objection.TIP_FOR_NEXT_STEP[next_step])
    elif next_step == "confirm":
        scoring.signal("confirm_resolved")
    scoring.component(10 + 90 * points / (25 * expected) if done else 10, weight=2.0)


def _score_prevention(scoring: _Scoring, sentences: list[str]) -> None:
    """A benefit tied to what the customer said answers an objection before it is raised."""
    tied = [s for s in sentences if cues.has("pitch.tie_back", s) and not spin.is_question(s)]
    if tied:
        scoring.signal("tied_benefit", tied[0], "benefit tied to the customer's own words")
        scoring.component(85)


def _persona_signals(
    scoring: _Scoring,
    words: int,
    sentences: list[str],
    questions: list[spin.Question],
    context: Context,
) -> None:
    limit = _persona(context.persona).get("long_reply_words", 120)
    if words > limit:
        scoring.signal("too_long", note=f"{words} words")
    hype = [s for s in sentences if cues.has("pitch.hype", s) and not _NUMBER.search(s)]
    if hype:
        scoring.signal("claim_without_data", hype[0], "claim without a number or proof")
    if any(_NUMBER.search(s) for s in sentences):
        scoring.signal("data")
    pressure = [s for s in sentences if cues.has("pitch.pressure", s)]
    if pressure:
        scoring.signal("pressure", pressure[0], "pressure to decide")
    if any(cues.has("pitch.warmth", s) for s in sentences):
        scoring.signal("warmth")
    elif context.persona == "I":
        scoring.signal("no_warmth")
    features = [s for s in sentences if cues.has("pitch.features", s)]
    mentions = sum(cues.count("pitch.features", s) for s in features)
    if (
        mentions >= FEATURE_DUMP_MENTIONS
        and not questions
        and not context.objection
        and context.turn <= 2
    ):
        scoring.signal("feature_dump", features[0], "features before discovery")


def _persona(disc: str | None) -> dict[str, Any]:
    return data_files.load("personas").get(disc, {}) if disc else {}


def _persona_penalty(signals: list[str], disc: str | None) -> float:
    penalties = _persona(disc).get("penalties", {})
    generic = {"arguing": 0, "pressure": 10} if not disc else {}
    return float(sum(penalties.get(s, generic.get(s, 0)) for s in signals))


def _tips(
    signals: list[str],
    score: float,
    language: str = "en",
    steps: list[tuple[str, str]] | None = None,
    questions: list[spin.Question] | None = None,
) -> list[str]:
    """The two tips that matter most; none that corrects a step the reply took, and
    at a top score none at all but praise: the coach never contradicts its score.
    A middling reply with nothing to correct gets the next rung of the SPIN ladder
    from the deepest question it asked, so no score below "well done" comes bare.
    Tips are in the rep's language and script (``tips.zh.yml`` holds the Chinese text)."""
    tips = data_files.load("tips")
    taken = {step for step, _ in steps or ()}
    ranked = sorted(
        (s for s in signals if s in tips and not taken & set(tips[s].get("undone_by", ()))),
        key=lambda s: -tips[s]["priority"],
    )
    chosen = [] if score >= TOP_SCORE else ranked[:MAX_TIPS]
    if not chosen and score >= WELL_DONE_SCORE:
        chosen = ["well_done"]
    deepest = max((q.type for q in questions or ()), key=SPIN_LEVELS.index, default=None)
    if not chosen and deepest in NEXT_RUNG:
        chosen = [NEXT_RUNG[deepest]]
    return [tip_text(key, language) for key in chosen]


def tip_text(key: str, language: str = "en") -> str:
    """One tip in English, Simplified or Traditional Chinese."""
    if language == "en":
        return data_files.load("tips")[key]["tip"]
    return chinese.in_script(data_files.load("tips.zh")[key], language)
