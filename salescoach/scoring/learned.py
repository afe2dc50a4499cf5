"""Sentence classifiers trained from labelled sentences, beside the rules.

Why: cue lists only know the phrases they were grown on; hard news worded
without any of them ("The renewal comes in at 14,200, up from 11,900.") or a
qualifying question ("Who signs off?") fall through. Logistic regressions over
words, word pairs and word stems, and the sentence's mean word vector (so a
wording never seen still lands near one seen: :mod:`vectors`), trained on
``salescoach/data/training/``
(sentences written for training), the NLU's topic-labelled questions and the
sentences of the dev sets (never the held-out, independent or fresh sets), give each
framework decision a probability that the rules then weigh in with
(:func:`agree`). Every decision is still made per sentence, so each point
keeps the sentence that earned it.

Chinese sentences have a model of their own, trained the same way on
``training/zh/`` and ``tests/data/zh/dev*.jsonl``; its features are jieba's
words, word pairs and runs of one to three characters (a Chinese word is often
a pair of characters jieba splits differently in another sentence), without the
English word vectors.

The model is trained with scikit-learn on first use (about 40 s on a 2-core machine),
seeded, and cached by a hash of the training data and this file, as the Rasa
model is; inference is a sparse and a 384-wide dot product in numpy, so scoring stays fast.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from salescoach import data_files
from salescoach.frameworks import OBJECTION_KINDS, SPIN_LEVELS
from salescoach.scoring import cantonese, chinese, vectors
from salescoach.scoring.cues import spelled_out

PACKAGE_DATA = Path(__file__).parent.parent / "data"
TRAINING_DIR = PACKAGE_DATA / "training"
NLU_QUESTIONS = Path(__file__).parents[2] / "data" / "nlu" / "questions.yml"
LABELLED_REPLIES = Path(__file__).parents[2] / "tests" / "data"
SPIN_CLASSES = (*SPIN_LEVELS, "not_spin")
PART_CLASSES = ("opening", "closing", "other")
STEP_TASKS = ("acknowledge", "confirm")
ANSWER_TASKS = tuple(f"answer_{kind}" for kind in OBJECTION_KINDS)
BINARY_TASKS = ("hard_news", *STEP_TASKS, *ANSWER_TASKS)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?$€£%]")
_DIGIT = re.compile(r"\d")
_STEM = 5
_CHARACTERS = re.compile(r"[\w?？]+")
_LONGEST_RUN = 3
LANGUAGES = ("en", "zh")
_C = 16.0
RULE_WEIGHT = 0.3
RULE_AGAINST = {"en": 0.1, "zh": 0.0}
"""What a silent rule takes off, per language: the Chinese cue lists are younger and
shorter, so their silence says less (a silent penalty of 0.1 cost Chinese dev
sandwich 0.90 -> 0.88 out of fold, most of it plain hard news)."""
_SEED = 1


def features(text: str) -> list[str]:
    """Words, word stems ("discontinu…") and word pairs, with the sentence's start and end."""
    tokens = [_DIGIT.sub("0", t) for t in _TOKEN.findall(spelled_out(text).lower())]
    found = [f"w:{t}" for t in tokens]
    found += [f"s:{t[:_STEM]}" for t in tokens if len(t) > _STEM]
    padded = ["<s>", *tokens, "</s>"]
    found += [f"b:{a} {b}" for a, b in zip(padded, padded[1:])]
    return found


def chinese_features(text: str) -> list[str]:
    """jieba's words and word pairs, and runs of one to three characters, of the
    written form (Cantonese 唔可以 read as 不可以)."""
    plain = cantonese.written(text)
    simple = _DIGIT.sub("0", plain.lower())
    tokens = [_DIGIT.sub("0", w.lower()) for w in chinese.words(plain)]
    found = [f"w:{t}" for t in tokens]
    padded = ["<s>", *tokens, "</s>"]
    found += [f"b:{a} {b}" for a, b in zip(padded, padded[1:])]
    for run in _CHARACTERS.findall(simple):
        found += [
            f"c:{run[i : i + n]}"
            for n in range(1, _LONGEST_RUN + 1)
            for i in range(len(run) - n + 1)
        ]
    return found


def language(sentence: str) -> str:
    return "zh" if chinese.has_han(sentence) else "en"


FEATURES = {"en": features, "zh": chinese_features}


@dataclass(frozen=True)
class Prediction:
    """What the classifiers make of one sentence: probabilities, each in 0..1."""

    spin: dict[str, float]
    part: dict[str, float]
    binary: dict[str, float]

    def answers(self, kind: str) -> float:
        return self.binary[f"answer_{kind}"]


def agree(probability: float, rule: bool, language: str) -> bool:
    """One decision from the classifier and the rule. A rule that fires adds RULE_WEIGHT
    to the classifier's probability; a silent rule takes off only RULE_AGAINST (per
    language), since cue lists miss most wordings. So a cue carries a case the
    classifier half sees, a confident classifier finds news no cue lists, and
    overrules a cue it is sure of."""
    return probability + (RULE_WEIGHT if rule else -RULE_AGAINST[language]) > 0.5


def word_vector(text: str) -> np.ndarray:
    return vectors.sentence_vector(spelled_out(text))


class Model:
    """One vocabulary and idf, a weight column per output of every task; the rows
    after the vocabulary weigh the sentence's word vector."""

    def __init__(
        self,
        language: str,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        columns: dict[str, slice],
    ) -> None:
        self.features = FEATURES[language]
        self.vectors = language == "en"
        self.vocabulary = vocabulary
        self.idf = idf
        self.weights = weights[: len(vocabulary)]
        self.vector_weights = weights[len(vocabulary) :]
        self.bias = bias
        self.columns = columns

    def logits(self, text: str) -> list[float]:
        """What scikit-learn's TF-IDF (sublinear tf, l2 norm) and linear models compute."""
        out = self.bias + (word_vector(text) @ self.vector_weights if self.vectors else 0.0)
        vocabulary = self.vocabulary
        counts = Counter(row for f in self.features(text) if (row := vocabulary.get(f)) is not None)
        if not counts:
            return out.tolist()
        rows = np.fromiter(counts, np.intp, len(counts))
        values = self.idf[rows]
        if len(counts) < sum(counts.values()):
            values = values * (1.0 + np.log(np.fromiter(counts.values(), float, len(counts))))
        return ((values @ self.weights[rows]) / math.sqrt(values @ values) + out).tolist()

    def predict(self, text: str) -> Prediction:
        out = self.logits(text)
        return Prediction(
            spin=dict(zip(SPIN_CLASSES, _softmax(out[self.columns["spin"]]))),
            part=dict(zip(PART_CLASSES, _softmax(out[self.columns["part"]]))),
            binary={
                task: 1 / (1 + math.exp(-x))
                for task, x in zip(BINARY_TASKS, out[self.columns["binary"]])
            },
        )


def _softmax(logits: list[float]) -> list[float]:
    top = max(logits)
    exp = [math.exp(x - top) for x in logits]
    total = sum(exp)
    return [e / total for e in exp]


@lru_cache(maxsize=8192)
def predict(sentence: str) -> Prediction:
    """The classifiers' view of one sentence (cached: the scorer asks several times);
    a sentence with Chinese characters goes to the Chinese model."""
    return model(language(sentence)).predict(sentence)


@dataclass(frozen=True)
class Fold:
    """One of ``count`` parts of the dev replies (by a hash of the text, so a reply in
    two dev files is in one part). Cross-validation trains without a part and scores
    it: a dev figure from replies the classifiers never saw, where the plain dev
    figure partly measures how well they memorised their own training sentences."""

    index: int
    count: int

    def holds(self, text: str) -> bool:
        return int(hashlib.sha256(text.encode()).hexdigest(), 16) % self.count == self.index


_left_out: Fold | None = None


def leave_out(fold: Fold | None) -> None:
    """Train and use models without ``fold``'s dev replies, in this process (for
    :func:`salescoach.scoring.evaluate.cross_validated`'s workers)."""
    global _left_out
    _left_out = fold
    model.cache_clear()
    predict.cache_clear()


def model_path(lang: str = "en") -> Path:
    """The cached model for the training data as it is (and the fold left out, if any)."""
    fold = f"-fold{_left_out.index + 1}of{_left_out.count}" if _left_out else ""
    return cache_dir() / f"scoring-{'' if lang == 'en' else lang + '-'}{data_key(lang)}{fold}.npz"


@lru_cache(maxsize=len(LANGUAGES))
def model(lang: str = "en") -> Model:
    path = model_path(lang)
    if not path.exists():
        train_to(path, lang)
    with np.load(path, allow_pickle=False) as saved:
        vocabulary = {f: i for i, f in enumerate(saved["features"].tolist())}
        bounds = saved["bounds"].tolist()
        return Model(
            lang,
            vocabulary,
            saved["idf"],
            np.ascontiguousarray(saved["weights"]),
            saved["bias"],
            {
                "spin": slice(0, bounds[0]),
                "part": slice(bounds[0], bounds[1]),
                "binary": slice(bounds[1], bounds[2]),
            },
        )


def cache_dir() -> Path:
    return Path(os.environ.get("SALESCOACH_SCORING_CACHE") or vectors.cache_base() / "scoring")


def data_key(lang: str = "en") -> str:
    """Changes with the training data, this file and the rules that cut dev replies up."""
    here = Path(__file__).parent
    if lang == "en":
        digest = hashlib.sha256(vectors.key().encode())
        sources = [
            *sorted(TRAINING_DIR.glob("*.jsonl")),
            *dev_sets(),
            NLU_QUESTIONS,
            PACKAGE_DATA / "topics.yml",
            PACKAGE_DATA / "chat_speak.yml",
            here / "vectors.py",
        ]
    else:
        digest = hashlib.sha256(lang.encode())
        sources = [
            *sorted((TRAINING_DIR / lang).glob("*.jsonl")),
            *dev_sets(lang),
            PACKAGE_DATA / "cues.zh.yml",
            here / "chinese.py",
            here / "zh_questions.py",
        ]
    sources += [Path(__file__), here / "spin.py"]
    for path in sources:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def dev_sets(lang: str = "en") -> list[Path]:
    """The labelled reply sets tuned on (tests/data/dev*.jsonl, tests/data/zh/dev*.jsonl);
    never the held-out, independent or fresh sets."""
    folder = LABELLED_REPLIES if lang == "en" else LABELLED_REPLIES / lang
    return sorted(folder.glob("dev*.jsonl"))


def _read(task: str, lang: str = "en") -> list[dict]:
    """Every ``<task>*.jsonl`` file: a new batch of sentences is a new file."""
    rows = []
    folder = TRAINING_DIR if lang == "en" else TRAINING_DIR / lang
    for path in sorted(folder.glob(f"{task}*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return rows


def _nlu_questions() -> list[dict]:
    """The NLU's topic-labelled questions (data/nlu/questions.yml), typed by their
    topic's SPIN level: the same questions teach the customer to listen."""
    if not NLU_QUESTIONS.exists():
        return []
    levels = {topic: spec["level"] for topic, spec in data_files.load("topics").items()}
    blocks = yaml.safe_load(NLU_QUESTIONS.read_text(encoding="utf-8"))["nlu"]
    return [
        {"text": line[2:].strip(), "label": levels[block["metadata"]["topic"]]}
        for block in blocks
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    ]


def _dev_sentences(lang: str = "en") -> dict[str, list[dict]]:
    """Sentences of the labelled dev replies whose label is certain from the reply's:
    the questions of a reply with as many questions as labels, the statements of a
    reply without hard news, a one-sentence reply's objection steps."""
    from salescoach.scoring import nlp, spin

    found: dict[str, list[dict]] = {"spin": [], "hard_news": [], "objection": []}
    replies = [
        json.loads(line)
        for path in dev_sets(lang)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for reply in replies:
        if _left_out and _left_out.holds(reply["text"]):
            continue
        labels, kind = reply["labels"], reply["context"].get("objection")
        sentences = nlp.read(reply["text"]).sentences
        asking = [s for s in sentences if spin.is_question(s)]
        parts = [p for s in asking for p in spin.split_questions(s)]
        if labels["spin"] and len(parts) == len(labels["spin"]):
            found["spin"] += [
                {"text": p, "label": q["type"]} for p, q in zip(parts, labels["spin"])
            ]
        elif not labels["spin"]:
            found["spin"] += [{"text": s, "label": "not_spin"} for s in asking]
        if not labels["sandwich"]["applies"]:
            found["hard_news"] += [
                {"text": s, "label": "other"} for s in sentences if s not in asking
            ]
        if kind and len(sentences) == 1:
            found["objection"].append(
                {"text": sentences[0], "objection": kind, "labels": labels["objection_steps"]}
            )
    return found


def training_sets(lang: str = "en") -> dict[str, tuple[list[str], list[str]]]:
    """(texts, labels) per task, from the labelled sentences."""
    dev = _dev_sentences(lang)
    spin = _read("spin", lang) + (_nlu_questions() if lang == "en" else []) + dev["spin"]
    news = _read("hard_news", lang) + dev["hard_news"]
    parts = _read("sandwich", lang)
    steps = _read("objection", lang) + dev["objection"]
    sets = {
        "spin": ([r["text"] for r in spin], [r["label"] for r in spin]),
        "part": ([r["text"] for r in parts], [r["label"] for r in parts]),
        "hard_news": ([r["text"] for r in news], [str(r["label"] == "hard_news") for r in news]),
    }
    for step in STEP_TASKS:
        sets[step] = ([r["text"] for r in steps], [str(step in r["labels"]) for r in steps])
    for kind in OBJECTION_KINDS:
        rows = [r for r in steps if r["objection"] == kind or "answer" in r["labels"]]
        sets[f"answer_{kind}"] = (
            [r["text"] for r in rows],
            [str(r["objection"] == kind and "answer" in r["labels"]) for r in rows],
        )
    return sets


def train_to(path: Path, lang: str = "en") -> None:
    """Fit every task on one shared TF-IDF vocabulary and save the weights (seeded)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    sets = training_sets(lang)
    texts = sorted({t for task_texts, _ in sets.values() for t in task_texts})
    vectorizer = TfidfVectorizer(analyzer=FEATURES[lang], sublinear_tf=True)
    vectorizer.fit(texts)
    word_vectors = {t: word_vector(t) for t in texts} if lang == "en" else {}

    def matrix(task_texts: list[str]) -> csr_matrix:
        if not word_vectors:
            return vectorizer.transform(task_texts).tocsr()
        dense = csr_matrix(np.vstack([word_vectors[t] for t in task_texts]))
        return hstack([vectorizer.transform(task_texts), dense]).tocsr()

    columns: list[np.ndarray] = []
    biases: list[np.ndarray] = []
    bounds: list[int] = []
    for group in (("spin",), ("part",), BINARY_TASKS):
        for task in group:
            task_texts, labels = sets[task]
            fitted = LogisticRegression(C=_C, max_iter=2000, random_state=_SEED)
            fitted.fit(matrix(task_texts), labels)
            if task in ("spin", "part"):
                order = SPIN_CLASSES if task == "spin" else PART_CLASSES
                index = [list(fitted.classes_).index(c) for c in order]
                columns.append(fitted.coef_[index].T)
                biases.append(fitted.intercept_[index])
            else:
                sign = 1.0 if fitted.classes_[1] == "True" else -1.0
                columns.append(sign * fitted.coef_.T)
                biases.append(sign * fitted.intercept_)
        bounds.append(sum(c.shape[1] for c in columns))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
    np.savez_compressed(
        partial,
        features=np.array(vectorizer.get_feature_names_out(), dtype=str),
        idf=vectorizer.idf_,
        weights=np.hstack(columns),
        bias=np.concatenate(biases),
        bounds=np.array(bounds),
    )
    partial.replace(path)
