"""Measure the scorer against hand-labelled replies (``tests/data/*.jsonl``).

Each framework is scored per label with precision, recall and F1, then a
macro-F1 over its labels, so a trainer tuning cue phrases can see what a change
does to every label at once. The labelling rules are in ``tests/data/README.md``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salescoach.frameworks import SANDWICH_PARTS
from salescoach.scoring import (
    BadInput,
    Context,
    ReplyScore,
    learned,
    objection,
    score_reply,
    spin,
)

FRAMEWORK_LABELS: dict[str, tuple[str, ...]] = {
    "spin": spin.TYPES,
    "objection": objection.STEPS,
    "sandwich": SANDWICH_PARTS,
    "openness": ("open", "closed"),
}


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    context: Context
    spin: tuple[tuple[str, bool], ...]
    steps: frozenset[str]
    sandwich: frozenset[str]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: int, predicted: int) -> None:
        hit = min(gold, predicted)
        self.tp += hit
        self.fp += predicted - hit
        self.fn += gold - hit

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Miss:
    example: Example
    framework: str
    gold: list[str]
    predicted: list[str]


@dataclass
class Report:
    name: str
    replies: int = 0
    tallies: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: {
            f: {label: Tally() for label in ls} for f, ls in FRAMEWORK_LABELS.items()
        }
    )
    misses: list[Miss] = field(default_factory=list)
    applies_right: int = 0
    """Replies where the scorer was right about whether the sandwich applies at all."""

    @property
    def applies_accuracy(self) -> float:
        return self.applies_right / self.replies if self.replies else 0.0

    def macro_f1(self, framework: str) -> float:
        tallies = [t for t in self.tallies[framework].values() if t.support or t.fp]
        return sum(t.f1 for t in tallies) / len(tallies) if tallies else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "replies": self.replies,
            "sandwich_applies_accuracy": round(self.applies_accuracy, 3),
            "frameworks": {
                framework: {
                    "macro_f1": round(self.macro_f1(framework), 3),
                    "labels": {
                        label: {
                            "support": t.support,
                            "precision": round(t.precision, 3),
                            "recall": round(t.recall, 3),
                            "f1": round(t.f1, 3),
                        }
                        for label, t in labels.items()
                    },
                }
                for framework, labels in self.tallies.items()
            },
        }


class DataError(ValueError):
    """A labelled file that does not follow tests/data/README.md; names file and line."""


def load(path: str | Path) -> list[Example]:
    examples: list[Example] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    examples.append(_example(json.loads(line)))
                except (ValueError, KeyError, TypeError) as err:
                    raise DataError(f"{path}:{number}: {err}") from None
    return examples


def _example(data: dict[str, Any]) -> Example:
    labels = data["labels"]
    context = Context.from_json(
        {k: v for k, v in data.get("context", {}).items() if k in ("objection", "persona")}
    )
    questions = tuple((q["type"], bool(q["open"])) for q in labels["spin"])
    if any(kind not in spin.TYPES for kind, _ in questions):
        raise BadInput(f"spin types must be among {', '.join(spin.TYPES)}")
    steps = frozenset(labels["objection_steps"])
    if not steps <= set(objection.STEPS):
        raise BadInput(f"objection_steps must be among {', '.join(objection.STEPS)}")
    wrap = labels["sandwich"]
    parts = frozenset(p for p in SANDWICH_PARTS if wrap.get(p) or (p == "core" and wrap["applies"]))
    return Example(str(data["id"]), str(data["text"]), context, questions, steps, parts)


def evaluate(name: str, examples: list[Example]) -> Report:
    report = Report(name, replies=len(examples))
    for example in examples:
        _compare(report, example, score_reply(example.text, example.context))
    return report


FOLDS = 5


def cross_validated(lang: str = "en", folds: int = FOLDS) -> Report:
    """The dev replies scored out of fold: each fold by classifiers trained without it.

    Why: the dev replies train the sentence classifiers, so the plain dev figure is
    partly a training-set figure, and its drop to the never-tuned sets mixes
    memorising with overfitting. The rules were still tuned on every dev reply, so
    this figure is a dev figure too, only a fairer one. Folds run in fresh processes
    (the scorer caches its readings per sentence), one per core; each fold's
    model is cached by data hash like the full one.
    """
    examples = [e for path in learned.dev_sets(lang) for e in load(path)]
    name = f"{'' if lang == 'en' else lang + '/'}dev*.jsonl ({folds}-fold)"
    parts = [learned.Fold(k, folds) for k in range(folds)]
    jobs = [(fold, [e for e in examples if fold.holds(e.text)]) for fold in parts]
    workers = min(folds, os.cpu_count() or 1)
    with multiprocessing.get_context("spawn").Pool(workers, maxtasksperchild=1) as pool:
        return pooled(name, pool.starmap(_score_fold, jobs, chunksize=1))


def pooled(name: str, parts: list[Report]) -> Report:
    """One report over several reports' replies: counts summed, misses kept."""
    report = Report(name, replies=sum(p.replies for p in parts))
    for part in parts:
        report.applies_right += part.applies_right
        report.misses += part.misses
        for framework, labels in part.tallies.items():
            for label, tally in labels.items():
                total = report.tallies[framework][label]
                total.tp += tally.tp
                total.fp += tally.fp
                total.fn += tally.fn
    return report


def _score_fold(fold: learned.Fold, examples: list[Example]) -> Report:
    learned.leave_out(fold)
    return evaluate(f"fold {fold.index + 1}", examples)


def _compare(report: Report, example: Example, result: ReplyScore) -> None:
    gold_spin = Counter(kind for kind, _ in example.spin)
    got_spin = Counter(q.type for q in result.spin)
    _tally(report, example, "spin", gold_spin, got_spin)
    gold_open = Counter("open" if is_open else "closed" for _, is_open in example.spin)
    got_open = Counter("open" if q.open else "closed" for q in result.spin)
    _tally(report, example, "openness", gold_open, got_open)
    if example.context.objection:
        _tally(
            report, example, "objection", Counter(example.steps), Counter(result.objection_steps)
        )
    wrap = result.sandwich
    report.applies_right += ("core" in example.sandwich) == wrap.applies
    got_parts = Counter(p for p in SANDWICH_PARTS if getattr(wrap, p))
    _tally(report, example, "sandwich", Counter(example.sandwich), got_parts)


def _tally(
    report: Report, example: Example, framework: str, gold: Counter[str], got: Counter[str]
) -> None:
    for label, tally in report.tallies[framework].items():
        tally.add(gold[label], got[label])
    if gold != got:
        report.misses.append(
            Miss(example, framework, sorted(gold.elements()), sorted(got.elements()))
        )


def table(report: Report) -> str:
    """A plain-text table: one row per label, a macro-F1 row per framework."""
    lines = [
        f"{report.name}: {report.replies} replies",
        f"  {'framework':10} {'label':12} {'support':>7} {'precision':>9} {'recall':>6} {'f1':>5}",
    ]
    for framework, labels in report.tallies.items():
        for label, t in labels.items():
            lines.append(
                f"  {framework:10} {label:12} {t.support:7d} "
                f"{t.precision:9.3f} {t.recall:6.3f} {t.f1:5.3f}"
            )
        lines.append(
            f"  {framework:10} {'macro-F1':12} {'':7} {'':9} {'':6} "
            f"{report.macro_f1(framework):5.3f}"
        )
    lines.append(f"  sandwich applies: right on {report.applies_accuracy:.1%} of replies")
    return "\n".join(lines)


SUMMARY_FRAMEWORKS = ("spin", "objection", "sandwich")


def summary(reports: list[Report]) -> str:
    """Every set side by side, and how far each set never tuned on falls below dev
    (the set the rules and classifiers were tuned on): the gap is what generalising means.
    Sets in a language folder ("zh/heldout.jsonl") are compared with that folder's dev
    set, and with its dev sets cross-validated when they were (:func:`cross_validated`)."""
    lines = [
        "scoring summary (macro-F1; applies = sandwich applies accuracy)",
        f"  {'set':24} {'spin':>6} {'object.':>7} {'sandw.':>6} {'applies':>7}",
    ]
    for r in reports:
        figures = " ".join(f"{r.macro_f1(f):6.3f}" for f in SUMMARY_FRAMEWORKS)
        lines.append(f"  {r.name:24} {figures} {r.applies_accuracy:7.3f}")
    for dev in reports:
        if _base(dev.name) != "dev.jsonl" and not dev.name.endswith("-fold)"):
            continue
        for r in reports:
            if _folder(r.name) != _folder(dev.name) or _base(r.name).startswith("dev"):
                continue
            drops = ", ".join(
                f"{f} {dev.macro_f1(f) - r.macro_f1(f):+.3f}" for f in SUMMARY_FRAMEWORKS
            )
            lines.append(f"  drop from {dev.name} to {_base(r.name)}: {drops}")
    return "\n".join(lines)


def _base(name: str) -> str:
    return name.rpartition("/")[2]


def _folder(name: str) -> str:
    return name.rpartition("/")[0]


def misses_text(report: Report) -> str:
    lines = [f"{report.name}: {len(report.misses)} disagreement(s)"]
    for miss in report.misses:
        text = " ".join(miss.example.text.split())
        text = text if len(text) <= 160 else text[:157] + "..."
        lines.append(
            f"  {miss.example.id} [{miss.framework}] gold={miss.gold} got={miss.predicted}\n"
            f"      {text}"
        )
    return "\n".join(lines)
