"""Many reps practising at once: 50 signed-in reps start a call together on one stack.

Why: a team practises in the same hour, so turns queue in the one Rasa server
and the one action server, and their writes meet in one SQLite file. The
goal is no errors and a reply p95 at most 3x that of a rep practising alone.

Everything goes through the page server as a browser would: each rep signs in
(their own cookies and CSRF token), then sends messages to /api/message. First
one rep plays calls alone (after one warm-up call) for the single-rep p95.
Then every rep signs in, and all start the logistics call at the same moment
(asyncio + aiohttp): the 2 start messages, then the 6 GOOD_CALL replies, each
timed; the first message of every call is also reported apart (a workshop
starting together). Like Locust users in Rasa's load-testing guide, a rep
pauses before each message, three ways in turn:
- typing: 2 s to read the answer, then the next message typed at --wpm 60
  words a minute (a fast typist; most reps are slower), +-20 %;
- brisk: 3-8 s whatever the message, faster than anyone types a reply;
- back to back: no pause; this measures capacity, not what a rep feels.
The goal is judged at the typing pace. An error is a non-200 answer, an
exception or timeout, or a reply answered without the coach panel; the
scores database must hold exactly 6 turn rows per rep. Last, peak memory.

With --lang zh-Hans or zh-Hant every rep plays a Chinese call of that script
instead (3 scored replies; typing speed counted in jieba words).

    .venv/bin/python -m bench.concurrency [--reps 50] [--wpm 60] [--solo-calls 20] [--lang en]
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
from salescoach.accounts.users import Accounts
from salescoach.scoring import chinese
from salescoach.store import Store
from tests.calls import CHINESE, CHINESE_CALL, GOOD_CALL, LOGISTICS
from tests.live import running
from tests.page_client import PASSWORD, add_account

GOAL_RATIO = 3.0
READING_SECONDS = 2.0
Pause = Callable[[str, random.Random], float]
TIMEOUT = aiohttp.ClientTimeout(total=60)


@dataclass(frozen=True)
class Practice:
    """The call every rep plays: its scenario, the language of its list, the replies."""

    scenario_id: str
    language: str
    replies: tuple[str, ...]


CALLS = {
    "en": Practice(LOGISTICS, "en", tuple(GOOD_CALL)),
    **{lang: Practice(CHINESE[lang], lang, tuple(CHINESE_CALL[lang])) for lang in CHINESE},
}


@dataclass
class Results:
    replies: list[float] = field(default_factory=list)
    messages: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    sign_ins: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0


class Rep:
    """One rep's browser: its own cookies, signed in through the page like the sign-in form."""

    def __init__(self, base: str, login: str) -> None:
        self.base, self.login, self.csrf = base, login, ""
        self.http = aiohttp.ClientSession(
            timeout=TIMEOUT,
            connector=aiohttp.TCPConnector(limit=0),
            cookie_jar=aiohttp.CookieJar(unsafe=True),
        )

    async def sign_in(self, out: Results) -> bool:
        started = time.perf_counter()
        async with self.http.get(self.base + "signin") as page:
            await page.read()
        cookie = next(c.value for c in self.http.cookie_jar if c.key == "salescoach_csrf")
        body = {"login": self.login, "password": PASSWORD}
        headers = {"X-CSRF-Token": cookie}
        async with self.http.post(self.base + "api/signin", json=body, headers=headers) as answer:
            if answer.status != 200:
                out.errors[f"sign-in HTTP {answer.status}"] += 1
                return False
        async with self.http.get(self.base + "api/me") as me:
            self.csrf = (await me.json())["csrf"]
        out.sign_ins.append(time.perf_counter() - started)
        return True

    async def pick(self, out: Results, practice: Practice) -> str:
        """Press Start: the scenario picker of the call's language, from the page server."""
        started = time.perf_counter()
        url = f"{self.base}api/scenarios?lang={practice.language}"
        async with self.http.get(url) as answer:
            cards = (await answer.json())["scenarios"]
        out.first.append(time.perf_counter() - started)
        return next(card["payload"] for card in cards if card["id"] == practice.scenario_id)

    async def say(self, text: str, kind: str, out: Results) -> None:
        """One message; ``kind`` is 'start' (the call's first message to Rasa) or 'reply'
        (timed as a scored reply)."""
        started = time.perf_counter()
        headers = {"X-CSRF-Token": self.csrf}
        try:
            async with self.http.post(
                self.base + "api/message", json={"text": text}, headers=headers
            ) as response:
                if response.status != 200:
                    out.errors[f"HTTP {response.status}"] += 1
                    return
                answer = (await response.json())["messages"]
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            out.errors[type(error).__name__] += 1
            return
        elapsed = time.perf_counter() - started
        out.messages.append(elapsed)
        if kind == "start":
            out.starts.append(elapsed)
        if kind != "reply":
            return
        if not any("coach" in (m.get("custom") or {}) for m in answer):
            out.errors["reply without the coach panel"] += 1
            return
        out.replies.append(elapsed)


async def call(rep: Rep, go: asyncio.Event, pause: Pause, out: Results, practice: Practice) -> None:
    rng = random.Random(rep.login)
    signed = await rep.sign_in(out)
    await go.wait()
    if not signed:
        return
    payload = await rep.pick(out, practice)
    messages = [(payload, "start"), *((reply, "reply") for reply in practice.replies)]
    for text, kind in messages:
        await asyncio.sleep(pause(text, rng))
        await rep.say(text, kind, out)


def no_pause(_text: str, _rng: random.Random) -> float:
    return 0.0


def typing(wpm: float) -> Pause:
    def pause(text: str, rng: random.Random) -> float:
        words = chinese.word_count(text)
        return (READING_SECONDS + words * 60 / wpm) * rng.uniform(0.8, 1.2)

    return pause


def brisk(_text: str, rng: random.Random) -> float:
    return rng.uniform(3, 8)


async def together(
    base: str, logins: list[str], out: Results, practice: Practice, pause: Pause = no_pause
) -> float:
    """Sign every rep in, then play one call each, all started at once; wall seconds
    of the calls (sign-in is timed apart)."""
    reps = [Rep(base, login) for login in logins]
    go = asyncio.Event()
    calls = [asyncio.create_task(call(rep, go, pause, out, practice)) for rep in reps]
    while len(out.sign_ins) + sum(out.errors.values()) < len(reps):
        await asyncio.sleep(0.05)
    started = time.perf_counter()
    go.set()
    await asyncio.gather(*calls)
    wall = time.perf_counter() - started
    for rep in reps:
        await rep.http.close()
    return wall


def turn_rows(scores_db: Path, prefix: str) -> int:
    with sqlite3.connect(scores_db) as db:
        (rows,) = db.execute(
            "SELECT count(*) FROM turns JOIN sessions ON sessions.id = turns.session_id"
            " WHERE sessions.rep_id LIKE ?",
            (prefix + "%",),
        ).fetchone()
    return rows


def accounts(stack_db: Path, logins: list[str]) -> list[str]:
    """An account per login (name = login), its password set as an invite would."""
    store = Accounts(Store(stack_db))
    for login in logins:
        add_account(store, login, login.replace("-", " ").title())
    return logins


def load_run(
    base: str, stack_db: Path, prefix: str, reps: int, pause: Pause, practice: Practice
) -> Results:
    """All reps at once; a lost or doubled turn row counts as an error."""
    out = Results()
    logins = accounts(stack_db, [f"{prefix}-rep-{n}" for n in range(1, reps + 1)])
    out.wall = asyncio.run(together(base, logins, out, practice, pause))
    rows, wanted = turn_rows(stack_db, prefix + "-"), reps * len(practice.replies)
    if rows != wanted:
        out.errors["turn rows lost or doubled"] += abs(rows - wanted)
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
    print(f"  Start pressed (all at once), the picker: {summary(out.first, (50, 95, 99))}")
    print(f"  the call's first message (scenario picked): {summary(out.starts, (50, 95, 99))}")
    print(f"  sign-in (all at once): {summary(out.sign_ins, (50, 95, 99))}")
    print(f"  errors: {errors}" + (f" ({details})" if details else ""))
    print(f"  reply p95 / single-rep p95: {ratio:.1f}x")
    return errors == 0 and ratio <= GOAL_RATIO


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--wpm", type=float, default=60, help="typing speed, words a minute")
    parser.add_argument("--solo-calls", type=int, default=20)
    parser.add_argument("--lang", choices=sorted(CALLS), default="en", help="the call's language")
    args = parser.parse_args()
    practice = CALLS[args.lang]
    run = uuid.uuid4().hex[:8]
    paces = {
        f"typing at {args.wpm:g} wpm": typing(args.wpm),
        "brisk, 3-8 s between messages": brisk,
        "capacity, back to back": no_pause,
    }
    solo = Results()
    with tempfile.TemporaryDirectory() as workdir, running(Path(workdir), web=True) as stack:
        base = stack.page_url
        warmup = accounts(stack.scores_db, [f"solo-{run}-warmup"])
        asyncio.run(together(base, warmup, Results(), practice))
        for login in accounts(stack.scores_db, [f"solo-{run}-{n}" for n in range(args.solo_calls)]):
            asyncio.run(together(base, [login], solo, practice))
        runs = {
            title: load_run(
                base, stack.scores_db, f"load{number}-{run}", args.reps, pause, practice
            )
            for number, (title, pause) in enumerate(paces.items())
        }
        peaks = {name: peak_rss_mb(stack.procs[name].pid) for name in ("rasa", "actions", "web")}
    solo_p95 = percentile(solo.replies, 95)
    print(
        f"reps: {args.reps} at once, one {practice.scenario_id} call each"
        f" ({args.lang}, {len(practice.replies)} scored replies)"
    )
    print(f"single rep ({args.solo_calls} calls alone): reply {summary(solo.replies)}")
    met = [report(title, out, solo_p95) for title, out in runs.items()]
    verdict = "met" if met[0] else "not met"
    print(f"goal (typing pace): 0 errors, p95 <= {GOAL_RATIO:g}x single-rep p95: {verdict}")
    print(
        f"peak RSS: rasa server {peaks['rasa']:.0f} MB, action server {peaks['actions']:.0f} MB,"
        f" page server {peaks['web']:.0f} MB"
    )


if __name__ == "__main__":
    main()
