"""Time `salescoach scenario play --jsonl` on 100 one-question calls, the whole
command: Python start-up, loading the trained NLU model, 100 fresh calls.

Why: trainers and outside evaluators run listening probes through this
command; the goal is 100 calls in under 30 s, model loading included. The
questions are the first replies of the listening dev set, so every scenario
and every kind of answer (a fact, none, a deeper fact held back) is in it.

    .venv/bin/python -m bench.play
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from tests.live import BIN, ROOT

CALLS = 100
RUNS = 3


def main() -> None:
    probes = (ROOT / "tests/data/listening/dev.jsonl").read_text(encoding="utf-8").splitlines()
    calls = [json.loads(line) for line in probes[:CALLS]]
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "calls.jsonl"
        path.write_text(
            "".join(
                json.dumps({"scenario": c["scenario"], "say": [c["say"]]}) + "\n" for c in calls
            )
        )
        subprocess.run([str(ROOT / "scripts" / "train")], cwd=ROOT, check=True, capture_output=True)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            done = subprocess.run(
                [str(BIN / "salescoach"), "scenario", "play", "--jsonl", str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(time.perf_counter() - started)
            assert len(done.stdout.splitlines()) == CALLS
    print(f"scenario play --jsonl, {CALLS} one-question calls, whole command ({RUNS} runs):")
    print(f"  median {statistics.median(times):.1f} s, min {min(times):.1f} s (goal < 30 s)")


if __name__ == "__main__":
    main()
