"""Time a `rasa train` of the project from scratch, and the model's size.

Why: training is what a data or config change costs before the bot can be
tried (scripts/train caches models by data hash; this measures a cache miss).
Rasa keeps its own training cache (.rasa/cache, or RASA_CACHE_DIRECTORY), which
would reuse components trained before, so the run gets an empty cache and an
empty output directory of its own.

    .venv/bin/python -m bench.training
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.live import BIN, ROOT


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "RASA_CACHE_DIRECTORY": str(work / "cache"),
        }
        args = [
            str(BIN / "rasa"), "train", "--config", "config.yml", "--domain", "domain.yml",
            "--data", "data", "--out", str(work / "models"), "--fixed-model-name", "bench",
        ]  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"rasa train failed:\n{(done.stdout + done.stderr)[-3000:]}")
        size = (work / "models" / "bench.tar.gz").stat().st_size / 1e6
    print(f"rasa train from scratch (empty training cache): {seconds:.1f} s")
    print(f"model size: {size:.1f} MB")


if __name__ == "__main__":
    main()
