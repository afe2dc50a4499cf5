"""Time one practice turn through the REST channel on the real stack.

Starts the trained model, the action server and the Rasa server on loopback
(as the end-to-end tests do), plays practice calls and prints the median and
95th percentile of one rep reply -> customer line + coach feedback round trip.

    .venv/bin/python -m bench.turn_latency [--turns 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from tests.calls import LOGISTICS, menu_number
from tests.live import Stack

REPLIES = [
    "Thanks for your time. How do you back up the depot servers today?",
    "What has been the hardest part of relying on tapes?",
    "What did the outage cost you?",
    "How would it help if you could restore in an hour?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack(Path(workdir))
        started = time.perf_counter()
        stack.start_actions()
        stack.start_rasa()
        ready = time.perf_counter() - started
        try:
            timings = play(stack, args.turns)
        finally:
            stack.stop_all()
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(f"servers ready in {ready:.1f} s")
    print(f"turns timed: {len(timings)}")
    print(f"turn latency median: {statistics.median(timings) * 1000:.0f} ms")
    print(f"turn latency p95:    {p95 * 1000:.0f} ms")


def play(stack: Stack, turns: int) -> list[float]:
    timings: list[float] = []
    while len(timings) < turns:
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        for text in ("start practice", "Bench Rep", menu_number(LOGISTICS)):
            stack.say(sender, text)
        for reply in REPLIES[: turns - len(timings)]:
            started = time.perf_counter()
            answer = stack.say(sender, reply)
            timings.append(time.perf_counter() - started)
            assert any(m.get("text", "").startswith("Coach: ") for m in answer), answer
    return timings


if __name__ == "__main__":
    main()
