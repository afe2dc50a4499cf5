"""Many reps practising at once: 50 full calls started together on one stack.

Why: a team practises in the same hour, so turns queue in the one Rasa server
and the one action server, and their writes meet in one SQLite file. The
goal is no errors and a reply p95 at most 3x that of a rep practising alone.

First one rep plays calls alone (after one warm-up call) for the single-rep
p95. Then every rep starts the logistics call at the same moment through the
REST channel (asyncio + aiohttp): the 3 start messages, then the 6 GOOD_CALL
replies, each timed. Like Locust users in Rasa's load-testing guide, a rep
pauses before each message, three ways in turn:
- typing: 2 s to read the answer, then the next message typed at --wpm 60
  words a minute (a fast typist; most reps are slower), +-20 %;
- brisk: 3-8 s whatever the message, faster than anyone types a reply;
- back to back: no pause; this measures capacity, not what a rep feels.
The goal is judged at the typing pace. An error is a non-200 answer, an
exception or timeout, or a reply answered without a "Coach: " message; the
scores database must hold exactly 6 turn rows per rep. Last, peak memory.

    .venv/bin/python -m bench.concurrency [--reps 50] [--wpm 60] [--solo-calls 20]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.stats import peak_rss_mb, percentile, summary
from tests.calls import GOOD_CALL, LOGISTICS, menu_number
from tests.live import running

GOAL_RATIO = 3.0
READING_SECONDS = 2.0
Pause = Callable[[str, random.Random], float]
TIMEOUT = aiohttp.ClientTimeout(total=60)


@dataclass
class Results:
    replies: list[float] = field(default_factory=list)
    messages: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0


async def turn(
    http: aiohttp.ClientSession, url: str, sender: str, text: str, scored: bool, out: Results
) -> None:
    started = time.perf_counter()
    try:
        async with http.post(url, json={"sender": sender, "message": text}) as response:
            if response.status != 200:
                out.errors[f"HTTP {response.status}"] += 1
                return
            answer = await response.json()
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        out.errors[type(error).__name__] += 1
        return
    elapsed = time.perf_counter() - started
    out.messages.append(elapsed)
    if not scored:
        return
    if not any(str(m.get("text", "")).startswith("Coach: ") for m in answer):
        out.errors['reply without "Coach: "'] += 1
        return
    out.replies.append(elapsed)


async def call(
    http: aiohttp.ClientSession,
    url: str,
    sender: str,
    name: str,
    go: asyncio.Event,
    pause: Pause,
    out: Results,
) -> None:
    rng = random.Random(sender)
    await go.wait()
    messages = [(text, False) for text in ("start practice", name, menu_number(LOGISTICS))]
    for number, (text, scored) in enumerate(messages + [(reply, True) for reply in GOOD_CALL]):
        if number:
            await asyncio.sleep(pause(text, rng))
        await turn(http, url, sender, text, scored, out)


def no_pause(_text: str, _rng: random.Random) -> float:
    return 0.0


def typing(wpm: float) -> Pause:
    def pause(text: str, rng: random.Random) -> float:
        return (READING_SECONDS + len(text.split()) * 60 / wpm) * rng.uniform(0.8, 1.2)

    return pause


def brisk(_text: str, rng: random.Random) -> float:
    return rng.uniform(3, 8)


async def together(
    url: str, senders: dict[str, str], out: Results, pause: Pause = no_pause
) -> float:
    """Play one call per sender -> rep name, all started at once; wall seconds."""
    async with aiohttp.ClientSession(
        timeout=TIMEOUT, connector=aiohttp.TCPConnector(limit=0)
    ) as http:
        go = asyncio.Event()
        calls = [
            asyncio.create_task(call(http, url, sender, name, go, pause, out))
            for sender, name in senders.items()
        ]
        await asyncio.sleep(0)  # every call is now waiting for go
        started = time.perf_counter()
        go.set()
        await asyncio.gather(*calls)
        return time.perf_counter() - started


def turn_rows(scores_db: Path, prefix: str) -> int:
    with sqlite3.connect(scores_db) as db:
        (rows,) = db.execute(
            "SELECT count(*) FROM turns JOIN sessions ON sessions.id = turns.session_id"
            " WHERE sessions.sender_id LIKE ?",
            (prefix + "%",),
        ).fetchone()
    return rows


def load_run(url: str, stack_db: Path, prefix: str, reps: int, pause: Pause) -> Results:
    """All reps at once; a lost or doubled turn row counts as an error."""
    out = Results()
    senders = {f"{prefix}-{n}": f"Load Rep {n}" for n in range(1, reps + 1)}
    out.wall = asyncio.run(together(url, senders, out, pause))
    rows = turn_rows(stack_db, prefix + "-")
    if rows != reps * len(GOOD_CALL):
        out.errors["turn rows lost or doubled"] += abs(rows - reps * len(GOOD_CALL))
    return out


def report(title: str, out: Results, solo_p95: float) -> bool:
    """Print one load run; True if it met the goal."""
    errors = sum(out.errors.values())
    ratio = percentile(out.replies, 95) / solo_p95 if out.replies else float("inf")
    details = ", ".join(f"{kind}: {count}" for kind, count in out.errors.items())
    print(title)
    print(
        f"  wall {out.wall:.1f} s, throughput {len(out.replies) / out.wall:.1f} replies/s"
        f" ({len(out.messages) / out.wall:.1f} messages/s)"
    )
    print(f"  reply latency: {summary(out.replies, (50, 95, 99))}")
    print(f"  all messages:  {summary(out.messages, (50, 95, 99))}")
    print(f"  errors: {errors}" + (f" ({details})" if details else ""))
    print(f"  reply p95 / single-rep p95: {ratio:.1f}x")
    return errors == 0 and ratio <= GOAL_RATIO


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--wpm", type=float, default=60, help="typing speed, words a minute")
    parser.add_argument("--solo-calls", type=int, default=20)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    paces = {
        f"typing at {args.wpm:g} wpm": typing(args.wpm),
        "brisk, 3-8 s between messages": brisk,
        "capacity, back to back": no_pause,
    }
    solo = Results()
    with tempfile.TemporaryDirectory() as workdir, running(Path(workdir)) as stack:
        url = f"http://127.0.0.1:{stack.rasa_port}/webhooks/rest/webhook"
        asyncio.run(together(url, {f"solo-{run}-warmup": "Solo Rep"}, Results()))
        for n in range(args.solo_calls):
            asyncio.run(together(url, {f"solo-{run}-{n}": "Solo Rep"}, solo))
        runs = {
            title: load_run(url, stack.scores_db, f"load{number}-{run}", args.reps, pause)
            for number, (title, pause) in enumerate(paces.items())
        }
        peaks = {name: peak_rss_mb(stack.procs[name].pid) for name in ("rasa", "actions")}
    solo_p95 = percentile(solo.replies, 95)
    print(f"reps: {args.reps} at once, one logistics call each ({len(GOOD_CALL)} scored replies)")
    print(f"single rep ({args.solo_calls} calls alone): reply {summary(solo.replies)}")
    met = [report(title, out, solo_p95) for title, out in runs.items()]
    verdict = "met" if met[0] else "not met"
    print(f"goal (typing pace): 0 errors, p95 <= {GOAL_RATIO:g}x single-rep p95: {verdict}")
    print(f"peak RSS: rasa server {peaks['rasa']:.0f} MB, action server {peaks['actions']:.0f} MB")


if __name__ == "__main__":
    main()
