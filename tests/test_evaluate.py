from __future__ import annotations

import json
from collections import Counter

import pytest

from salescoach.scoring import evaluate, learned, nlp
from tests.test_cli import run

NO_SANDWICH = {"applies": False, "opening": False, "core": False, "closing": False}


def labelled(tmp_path, *rows):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def row(text, spin=(), steps=(), sandwich=NO_SANDWICH, objection=None):
    return {
        "id": text[:10],
        "text": text,
        "context": {"objection": objection, "persona": None},
        "labels": {
            "spin": [{"type": t, "open": o} for t, o in spin],
            "objection_steps": list(steps),
            "sandwich": sandwich,
        },
    }


def test_tally_counts_each_label_as_a_bag():
    tally = evaluate.Tally()
    tally.add(gold=2, predicted=1)
    tally.add(gold=0, predicted=1)
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 1)
    assert tally.precision == tally.recall == tally.f1 == 0.5


def test_report_scores_what_the_scorer_got_right_and_wrong(tmp_path):
    path = labelled(
        tmp_path,
        row("What does a day of downtime cost you?", spin=[("implication", True)]),
        row("That saves you money, right?"),
        row(
            "I understand. What are you comparing it to?",
            spin=[("problem", True)],
            steps=["acknowledge", "probe"],
            objection="price",
        ),
        row("How many sites do you run?", spin=[("need_payoff", True)]),
    )
    report = evaluate.evaluate("set", evaluate.load(path))
    spin = report.tallies["spin"]
    assert spin["implication"].f1 == 1.0
    assert spin["need_payoff"].fn == 1 and spin["situation"].fp == 1
    assert report.tallies["objection"]["probe"].tp == 1
    assert [m.example.text for m in report.misses if m.framework == "spin"] == [
        "How many sites do you run?"
    ]
    assert 0 < report.macro_f1("spin") < 1


def test_bad_labelled_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(row("Hi there?")) + "\n" + '{"id": 2, "text": "x"}\n')
    with pytest.raises(evaluate.DataError, match=r"bad\.jsonl:2: "):
        evaluate.load(path)
    result = run("eval", str(path))
    assert result.exit_code == 2 and "bad.jsonl:2" in result.stderr and not result.stdout


def test_eval_prints_every_label_and_macro_f1(tmp_path):
    path = labelled(tmp_path, row("What does that cost you?", spin=[("implication", True)]))
    out = run("eval", str(path)).stdout
    for label in ("situation", "need_payoff", "acknowledge", "confirm", "opening", "closing"):
        assert label in out
    assert out.count("macro-F1") == 4
    data = json.loads(run("eval", "--json", str(path)).stdout)
    assert data["frameworks"]["spin"]["labels"]["implication"]["f1"] == 1.0


@pytest.mark.parametrize("framework", ["spin", "objection", "sandwich"])
def test_dev_set_does_not_regress(framework):
    """A guard on the set the cue phrases were tuned on. The held-out and independent
    numbers are reported (`make eval`, end of `make test`), not asserted."""
    report = evaluate.evaluate("dev", evaluate.load("tests/data/dev.jsonl"))
    assert report.replies >= 300
    assert report.macro_f1(framework) >= 0.85


def test_held_out_set_is_large_enough_and_disjoint_from_dev():
    dev = {e.text for e in evaluate.load("tests/data/dev.jsonl")}
    held_out = evaluate.load("tests/data/heldout.jsonl")
    assert len(held_out) >= 150
    assert not dev & {e.text for e in held_out}


def test_folds_hold_every_dev_reply_once():
    texts = [e.text for path in learned.dev_sets() for e in evaluate.load(path)]
    folds = [learned.Fold(k, evaluate.FOLDS) for k in range(evaluate.FOLDS)]
    holders = [[f.index for f in folds if f.holds(t)] for t in texts]
    assert all(len(h) == 1 for h in holders)
    sizes = Counter(h[0] for h in holders)
    assert min(sizes.values()) > len(texts) / evaluate.FOLDS / 2


def test_a_fold_left_out_trains_on_none_of_its_replies():
    fold = learned.Fold(0, evaluate.FOLDS)
    replies = [e.text for path in learned.dev_sets() for e in evaluate.load(path)]
    outside = [" ".join(nlp.read(r).sentences) for r in replies if not fold.holds(r)]
    learned.leave_out(fold)
    try:
        trained = _dev_sentences()
        assert "fold1of5" in learned.model_path().name
    finally:
        learned.leave_out(None)
    assert trained and all(any(t in r for r in outside) for t in trained)
    assert len(trained) < len(_dev_sentences())
    assert "fold" not in learned.model_path().name


def _dev_sentences():
    return {r["text"] for rows in learned._dev_sentences().values() for r in rows}


def _report(name, spin_f1_half=False):
    report = evaluate.Report(name, replies=2)
    for tally in report.tallies["spin"].values():
        tally.tp, tally.fn = 2, 2 if spin_f1_half else 0
    return report


def test_pooled_reports_sum_their_counts():
    one, two = _report("a"), _report("b", spin_f1_half=True)
    one.applies_right, two.applies_right = 2, 1
    total = evaluate.pooled("both", [one, two])
    assert total.replies == 4 and total.applies_accuracy == 0.75
    assert (total.tallies["spin"]["problem"].tp, total.tallies["spin"]["problem"].fn) == (4, 2)


def test_summary_measures_drops_from_dev_and_from_dev_cross_validated():
    reports = [
        _report("dev.jsonl"),
        _report("fresh.jsonl", spin_f1_half=True),
        _report("zh/dev.jsonl"),
        _report("zh/heldout.jsonl"),
        _report("dev*.jsonl (5-fold)", spin_f1_half=True),
    ]
    text = evaluate.summary(reports)
    assert "drop from dev.jsonl to fresh.jsonl: spin +0.333," in text
    assert "drop from dev*.jsonl (5-fold) to fresh.jsonl: spin +0.000," in text
    assert "drop from zh/dev.jsonl to heldout.jsonl: spin +0.000," in text
    assert "drop from dev*.jsonl (5-fold) to heldout" not in text
