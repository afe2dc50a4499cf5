"""Which fact answers the question the rep asked, if any.

Each fact says what it answers: topics (what a question is about, from the
NLU's topic classifier) and example questions (matched on lemmas and the
concepts they name, so a paraphrase still finds its fact). A fact's score is
its best TF-IDF cosine against the question (over its example questions, its
own text, and all of them together) plus the topic classifier's confidence in
the fact's topics. Below ``ANSWER_THRESHOLD`` nothing answers the question, and
the customer says so rather than reveal an unrelated fact.

SPIN gating: situation and problem facts go to any question that asks for
them; an implication fact needs a question about consequences or costs, a
need-payoff fact one about the value of a fix. A shallower question on a deep
topic gets the shallower fact on it, or the customer holds the deep one back.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from salescoach.frameworks import depth
from salescoach.practice import answer_kinds, lexicon
from salescoach.practice.scenario import Fact, Scenario, topics
from salescoach.practice.understanding import Understanding

ANSWER_THRESHOLD = 0.55
TOPIC_WEIGHT = 0.35
TEXT_WEIGHT = 0.8
CONCEPT_WEIGHT = 0.6
CHARACTER_WEIGHT = 0.3
REPEAT_MARGIN = 0.12
SHALLOW_SHARE = 0.6
CLASSIFIER_C = 10.0
NOTHING_WEIGHT = 0.3
NOTHING = "(nothing)"
NOTHING_SHARE = 1.0
MEMO_SIZE = 256
NLU_DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
NLU_QUESTIONS = {"en": NLU_DATA / "questions.yml", "zh": NLU_DATA / "zh" / "questions.yml"}
SURE_TOPIC = 0.5
MIN_COVERAGE = 0.25
CLEAR_MATCH = 0.8
CLASSIFIER_WEIGHT = 0.8
LEVEL_BONUS = 0.2
ALWAYS_OPEN = depth("problem")


@dataclass(frozen=True)
class Heard:
    """What the customer makes of a question: a fact to tell, one told before,
    a deeper one held back, or nothing that answers it."""

    kind: str
    fact: Fact | None = None
    score: float = 0.0
    topic: str | None = None


Vector = dict[str, float]
_WEIGHTS = {lexicon.CONCEPT: CONCEPT_WEIGHT, lexicon.CHARACTER: CHARACTER_WEIGHT}


class FactIndex:
    """A scenario's facts as TF-IDF vectors over their lemmas and concepts."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._read: dict[str, list[str]] = {}
        self._vectorizers = (
            TfidfVectorizer(analyzer=self._terms, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        )
        docs: list[tuple[Fact, list[str], float]] = []
        for fact in scenario.facts:
            texts = [(fact.text, TEXT_WEIGHT)] + [(q, 1.0) for q in fact.questions]
            parts = [(self._terms(t), w) for t, w in texts]
            docs += [(fact, terms, w) for terms, w in parts]
            if len(parts) > 1:
                docs.append((fact, [t for terms, _ in parts for t in terms], TEXT_WEIGHT))
        frequency = Counter(t for _, terms, _ in docs for t in set(terms))
        self._count = len(docs)
        self._idf = {t: self._idf_of(df) for t, df in frequency.items()}
        self._docs = [(fact, self._vector(terms), w) for fact, terms, w in docs]
        self._classifier = self._train(scenario)
        self._every = {f.id for f in scenario.facts}
        self._quantified = {f.id for f in scenario.facts if answer_kinds.states_amount(f.text)}
        self._dated = {f.id for f in scenario.facts if answer_kinds.states_date(f.text)}
        self._shared = {f.id for f in scenario.facts if answer_kinds.states_share(f.text)}
        self._clocked = {f.id for f in scenario.facts if answer_kinds.states_clock(f.text)}

    def _train(self, scenario: Scenario) -> LogisticRegression:
        """A logistic regression over the facts' example questions and texts: which
        fact a question is after, learned from how a trainer says it can be asked.
        The "nothing" examples together weigh ``NOTHING_SHARE`` of the facts' own, so
        the classifier's prior does not move when the NLU data grows."""
        texts = [t for f in scenario.facts for t in (f.text, *f.questions)]
        labels = [f.id for f in scenario.facts for _ in (f.text, *f.questions)]
        own = len(texts)
        covered = {t for f in scenario.facts for t in f.topics}
        language = "en" if scenario.language == "en" else "zh"
        for topic, examples in generic_questions(language).items():
            if topic not in covered:
                texts += examples
                labels += [NOTHING] * len(examples)
        nothing = min(1.0, NOTHING_SHARE * own / max(1, len(texts) - own))
        weights = [nothing if label == NOTHING else 1.0 for label in labels]
        features = self._features(texts, fit=True)
        classifier = LogisticRegression(C=CLASSIFIER_C, solver="liblinear")
        return classifier.fit(features, labels, sample_weight=weights)

    def _features(self, texts: list[str], fit: bool = False) -> sparse.csr_matrix:
        """Terms and character n-grams side by side: sklearn's FeatureUnion without
        its job dispatch, which cost more than the reading on a reply's few questions."""
        read = [v.fit_transform(texts) if fit else v.transform(texts) for v in self._vectorizers]
        return sparse.hstack(read).tocsr()

    def likelihood(self, questions: list[str]) -> list[dict[str, float]]:
        """Per question, fact id -> the classifier's probability that it is after
        that fact; one batch for a reply's questions."""
        rows = self._classifier.predict_proba(self._features(questions))
        return [dict(zip(self._classifier.classes_, map(float, row))) for row in rows]

    def possible(self, question: str) -> set[str]:
        """The facts that could answer the question at all, by the kind of answer it
        asks for (:mod:`answer_kinds`): how many or how much needs a fact that gives
        some quantity ("几级审批？" is not answered by how approvals work); which year
        or date, a fact that names a date ("合同哪年到期？" not by which system they use);
        what share, a fact that gives one ("外卖占几成？" not by a count of stores); what
        time of day, a fact that names one ("早会几点开？" not by a headcount)."""
        if answer_kinds.asks_clock(question):
            found = self._clocked
        elif lexicon.AMOUNT in self._terms(question):
            found = self._quantified
        else:
            found = self._every
        if answer_kinds.asks_date(question):
            found = found & self._dated
        return found & self._shared if answer_kinds.asks_share(question) else found

    def _terms(self, text: str) -> list[str]:
        """Memoised: the similarity and the classifier read each question's terms."""
        found = self._read.get(text)
        if found is None:
            if len(self._read) > MEMO_SIZE:
                self._read.clear()
            found = self._read[text] = lexicon.terms(text, self.scenario.synonyms)
        return found

    def _idf_of(self, document_frequency: int) -> float:
        return math.log((1 + self._count) / (1 + document_frequency)) + 1

    def _vector(self, terms: list[str]) -> Vector:
        counts = Counter(terms)
        unseen = self._idf_of(0)
        vector = {
            t: (1 + math.log(n)) * self._idf.get(t, unseen) * _WEIGHTS.get(t[:1], 1.0)
            for t, n in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def similarity(self, question: str) -> dict[str, float]:
        """Fact id -> the best weighted cosine of the question against the fact's texts."""
        asked = self._vector(self._terms(question))
        best: dict[str, float] = {}
        for fact, vector, weight in self._docs:
            score = weight * sum(v * vector.get(t, 0.0) for t, v in asked.items())
            best[fact.id] = max(best.get(fact.id, 0.0), score)
        return best


@cache
def generic_questions(language: str = "en") -> dict[str, list[str]]:
    """The NLU's example questions per topic (``data/nlu/questions.yml``, Chinese in
    ``data/nlu/zh/``): a scenario's facts answer none of those on topics no fact
    covers, so they teach the fact classifier what an unanswerable question sounds like."""
    path = NLU_QUESTIONS[language]
    if not path.is_file():
        return {}
    blocks = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    found: dict[str, list[str]] = {}
    for block in blocks:
        topic = (block.get("metadata") or {}).get("topic")
        if topic:
            found.setdefault(topic, []).extend(
                line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")
            )
    return found


_indexes: dict[int, FactIndex] = {}


def index(scenario: Scenario) -> FactIndex:
    """Built once per loaded scenario (a trainer's edit loads a new one)."""
    cached = _indexes.get(id(scenario))
    if cached is None or cached.scenario is not scenario:
        if len(_indexes) > 64:
            _indexes.clear()
        cached = _indexes[id(scenario)] = FactIndex(scenario)
    return cached


@dataclass(frozen=True)
class Candidate:
    fact: Fact
    score: float
    """How well the fact answers the question: text similarity plus topic agreement."""


def scores(scenario: Scenario, heard: Understanding) -> list[Candidate]:
    """Every fact with how well it answers the reply's questions, best first."""
    facts = index(scenario)
    best: dict[str, float] = {}
    asked = [*heard.questions, *(f"{heard.setup} {q}" for q in heard.questions if heard.setup)]
    if len(heard.questions) > 1:
        asked.append(" ".join(heard.questions))
    for question, likely in zip(asked, facts.likelihood(asked)):
        nothing = likely.get(NOTHING, 0.0)
        possible = facts.possible(question)
        for fact_id, overall in facts.similarity(question).items():
            if fact_id not in possible:
                continue
            learned = CLASSIFIER_WEIGHT * likely.get(fact_id, 0.0) - NOTHING_WEIGHT * nothing
            best[fact_id] = max(best.get(fact_id, 0.0), overall + learned)
    ranked = [
        Candidate(fact, best.get(fact.id, 0.0) + TOPIC_WEIGHT * heard.topic_weight(fact.topics))
        for fact in scenario.facts
    ]
    return sorted(ranked, key=lambda c: -c.score)


def _level_bonus(candidate: Candidate, heard: Understanding) -> float:
    """Among facts that answer, one at the depth the question asks wins a close call
    ("What is the biggest problem with that sampling plan?" wants the problem)."""
    answers = candidate.score >= ANSWER_THRESHOLD
    return LEVEL_BONUS if answers and depth(candidate.fact.level) == heard.depth else 0.0


def _off_the_facts(scenario: Scenario, heard: Understanding) -> bool:
    """A question the topic classifier is sure is about something no fact covers
    (the budget, who decides, competitors) is not answered by words it shares with one."""
    covered = tuple({t for f in scenario.facts for t in f.topics})
    sure = bool(heard.topics) and heard.topics[0][1] >= SURE_TOPIC
    return sure and heard.topic_weight(covered) < MIN_COVERAGE


def _by_topic(scenario: Scenario, heard: Understanding, revealed: list[str]) -> Heard:
    """A general question ("What's the hardest part?", "What would a fix be worth?")
    names no fact, but every fact of its level answers it: the customer tells the
    first one not told yet, what matters most to them in the order the trainer
    wrote the facts."""
    general = {t for t, about in topics().items() if about.get("every")}
    if not heard.topics or heard.topics[0][1] < SURE_TOPIC or heard.topic not in general:
        return Heard("none", topic=heard.topic)
    reach = max(heard.depth, ALWAYS_OPEN)
    fitting = [f for f in scenario.facts if heard.topic in f.topics and depth(f.level) <= reach]
    fresh = [f for f in fitting if f.id not in revealed]
    if fresh:
        return Heard("answer", fresh[0], 0.0, heard.topic)
    if fitting:
        return Heard("repeat", fitting[0], 0.0, heard.topic)
    return Heard("none", topic=heard.topic)


def listen(scenario: Scenario, heard: Understanding, revealed: list[str]) -> Heard:
    """What answers the question: never an unrelated fact, never a deeper one than earned."""
    ranked = scores(scenario, heard)
    if not ranked or ranked[0].score < ANSWER_THRESHOLD:
        return _by_topic(scenario, heard, revealed)
    if ranked[0].score < CLEAR_MATCH and _off_the_facts(scenario, heard):
        return Heard("none", topic=heard.topic)
    reach = max(heard.depth, ALWAYS_OPEN)

    def earned(c: Candidate) -> bool:
        return depth(c.fact.level) <= reach

    ranked.sort(key=lambda c: -(c.score + _level_bonus(c, heard)))
    best = ranked[0]
    if not earned(best):
        shallower = [
            c
            for c in ranked
            if earned(c)
            and c.score >= max(ANSWER_THRESHOLD, SHALLOW_SHARE * best.score)
            and set(c.fact.topics) & set(best.fact.topics)
        ]
        if not shallower:
            return Heard("withheld", best.fact, best.score, heard.topic)
        best = shallower[0]
    if best.fact.id in revealed:
        fresh = [
            c
            for c in ranked
            if c.fact.id not in revealed
            and earned(c)
            and c.score >= max(ANSWER_THRESHOLD, best.score - REPEAT_MARGIN)
        ]
        if not fresh:
            return Heard("repeat", best.fact, best.score, heard.topic)
        best = fresh[0]
    return Heard("answer", best.fact, best.score, heard.topic)
