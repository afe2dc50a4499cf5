"""Turn latency of salescoach against a bare Rasa starter bot, in one run.

Why: a salescoach turn runs a custom NLU component, a SQLite tracker store and
an action server that scores the reply; this shows what that costs over what
Rasa itself costs on the same machine, with the same Rasa version, through the
same REST channel. The goal is a median at most 1.3x the bare bot's.

The bare bot is `rasa init`'s moodbot, trained once and cached in
.cache/bench/bare-rasa-<rasa version>. Both bots run at once; each gets a
short warm-up, then timed turns in alternating blocks: moodbot messages ("hi",
"I am sad", ...) for the bare bot, rep replies to the logistics
call's customer for salescoach (with --lang, to a Chinese call's customer in
that script: jieba, the Chinese regressions and the Chinese scorer).

    .venv/bin/python -m bench.vs_bare_rasa [--turns 200] [--warmup 10] [--lang zh-Hant]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

from bench.stats import percentile, summary
from tests.calls import CHINESE, CHINESE_CALL, LOGISTICS, menu_number
from tests.live import BIN, ROOT, TOKEN, Stack, free_port, running, say, stop, wait_for

RASA_VERSION = version("rasa")
BARE = ROOT / ".cache" / "bench" / f"bare-rasa-{RASA_VERSION}"
MOODBOT = ["hi", "I am sad", "yes", "great", "bye"]
REPLIES = [
    "Thanks for your time. How do you back up the depot servers today?",
    "What has been the hardest part of relying on tapes?",
    "What did the outage cost you?",
    "How would it help if you could restore in an hour?",
]
GOAL = 1.3
# Both servers run throughout; alternating blocks share any drift in the machine's speed.
BLOCK = 20
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}


def bare_model() -> tuple[Path, bool]:
    """The moodbot's model, and whether it was already cached."""
    if BARE.is_dir():
        return next((BARE / "models").glob("*.tar.gz")), True
    partial = BARE.with_name(BARE.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    done = subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(partial)],
        env=ENV,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"rasa init failed:\n{(done.stdout + done.stderr)[-3000:]}")
    partial.rename(BARE)
    return next((BARE / "models").glob("*.tar.gz")), False


CALLS = {
    "en": (("start practice", "Bench Rep", menu_number(LOGISTICS)), REPLIES, "Coach: "),
    **{
        language: (
            (
                "开始练习" if language == "zh-Hans" else "開始練習",
                "测试销售",
                menu_number(CHINESE[language], language),
            ),
            CHINESE_CALL[language],
            "教练：" if language == "zh-Hans" else "教練：",
        )
        for language in CHINESE
    },
}
"""How a call starts, the rep's replies, and how the coach's line begins, per language."""


def play(stack: Stack, turns: int, language: str = "en") -> list[float]:
    """Seconds per rep reply (customer line + coach feedback), over as many calls as needed."""
    starting, replies, coach = CALLS[language]
    timings: list[float] = []
    while len(timings) < turns:
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        for text in starting:
            stack.say(sender, text)
        for reply in replies[: turns - len(timings)]:
            started = time.perf_counter()
            answer = stack.say(sender, reply)
            timings.append(time.perf_counter() - started)
            assert any(m.get("text", "").startswith(coach) for m in answer), answer
    return timings


def chat(port: int, turns: int) -> list[float]:
    """Seconds per moodbot message; a new sender for each round of the messages."""
    timings: list[float] = []
    sender = ""
    for n in range(turns):
        if n % len(MOODBOT) == 0:
            sender = f"bare-{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        answer = say(port, sender, MOODBOT[n % len(MOODBOT)])
        timings.append(time.perf_counter() - started)
        assert answer, f"no answer to {MOODBOT[n % len(MOODBOT)]!r}"
    return timings


@contextmanager
def bare_server(workdir: Path) -> Iterator[int]:
    """The moodbot's Rasa server, as `rasa init` set it up; yields its port."""
    model, cached = bare_model()
    print(f"bare bot: rasa {RASA_VERSION} moodbot, {'cached' if cached else 'trained now'}: {BARE}")
    port, log = free_port(), workdir / "bare-rasa.log"
    proc = subprocess.Popen(
        [
            str(BIN / "rasa"), "run", "--model", str(model), "--credentials", "credentials.yml",
            "--endpoints", "endpoints.yml", "-i", "127.0.0.1", "-p", str(port),
            "--enable-api", "--auth-token", TOKEN,
        ],
        cwd=BARE, env=ENV, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/status?token={TOKEN}", proc, log)
        yield port
    finally:
        stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--lang", choices=sorted(CALLS), default="en", help="the call's language")
    args = parser.parse_args()
    bare: list[float] = []
    coach: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with bare_server(workdir) as port, running(workdir) as stack:
            chat(port, args.warmup)
            play(stack, args.warmup, args.lang)
            while len(bare) < args.turns:
                block = min(BLOCK, args.turns - len(bare))
                bare += chat(port, block)
                coach += play(stack, block, args.lang)
    print(f"turns timed: {args.turns} each in blocks of {BLOCK}, after {args.warmup} warm-up")
    print(f"salescoach call language: {args.lang}")
    print(f"bare rasa:  {summary(bare)}")
    print(f"salescoach: {summary(coach)}")
    ratios = {p: percentile(coach, p) / percentile(bare, p) for p in (50, 95)}
    print(f"salescoach / bare: median {ratios[50]:.2f}x, p95 {ratios[95]:.2f}x")
    met = "met" if ratios[50] <= GOAL else "not met"
    print(f"goal: <= {GOAL}x the bare bot's median: {met}")


if __name__ == "__main__":
    main()
