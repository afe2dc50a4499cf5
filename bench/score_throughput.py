"""How fast the scorer is: replies per second on one core, and the time of one reply.

Scores every labelled reply in tests/data (with its context) in a loop on one
thread, after one warm-up pass that builds the spaCy pipeline and cue regexes,
then the Chinese replies of tests/data/zh the same way, then times the worst
inputs a rep can paste (10,000 characters, HTML, emoji). The loop meets each
reply again and again; the "never seen" figure is for replies the scorer has
not read before, as a rep's new reply is.

    .venv/bin/python -m bench.score_throughput [--seconds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.stats import summary
from salescoach.scoring import (
    Context,
    cues,
    evaluate,
    learned,
    objection,
    sandwich,
    score_reply,
    spin,
)

PER_SENTENCE_CACHE = 1000
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
ODD = {
    "10,000 characters": "We can help with that. " * 435,
    "HTML/script": "<script>alert('x')</script><b>What does downtime cost you?</b>" * 20,
    "emoji only": "😀🔥👍" * 50,
    "non-English": "Wie viel kostet Sie ein Tag Stillstand in der Produktion?",
    "10,000 Chinese characters": "我们可以帮您解决这个问题。" * 770,
}


def _replies(folder: Path) -> list[tuple[str, Context]]:
    examples = [e for path in sorted(folder.glob("*.jsonl")) for e in evaluate.load(path)]
    return [(e.text, e.context) for e in examples]


def _first_sight(replies: list[tuple[str, Context]]) -> list[float]:
    """What a rep's new reply costs: the scorer keeps per-sentence readings (classifier
    probabilities, question checks), which a repeated reply finds and a new one does not."""
    for module in (cues, learned, objection, sandwich, spin):
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if info and (info().maxsize or 0) >= PER_SENTENCE_CACHE:
                value.cache_clear()
    timings = []
    for text, context in replies:
        start = time.perf_counter()
        score_reply(text, context)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to keep scoring")
    args = parser.parse_args()
    for label, folder in (("English", DATA), ("Chinese", DATA / "zh")):
        print(f"{label}:")
        _measure(_replies(folder), args.seconds)
    for label, text in ODD.items():
        start = time.perf_counter()
        for _ in range(20):
            score_reply(text)
        print(f"{label}: {(time.perf_counter() - start) / 20 * 1000:.2f} ms")


def _measure(replies: list[tuple[str, Context]], seconds: float) -> None:
    for text, context in replies:
        score_reply(text, context)
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for text, context in replies:
            start = time.perf_counter()
            score_reply(text, context)
            timings.append(time.perf_counter() - start)
    total = sum(timings)
    size = statistics.mean(len(text) for text, _ in replies)
    print(f"replies scored: {len(timings)} ({len(replies)} distinct, mean {size:.0f} characters)")
    print(f"throughput, one core: {len(timings) / total:,.0f} replies/s")
    print(f"one reply: {summary(timings, decimals=2)}, max {max(timings) * 1000:.2f} ms")
    fresh = _first_sight(replies)
    print(
        f"replies never seen before (per-sentence caches emptied): {len(fresh) / sum(fresh):,.0f}"
        f" replies/s; one reply {summary(fresh, decimals=2)}"
    )


if __name__ == "__main__":
    main()
