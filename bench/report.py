"""Time team-lead reports on a large database: 10,000 sessions and 200,000 turns.

Generates the database once (bench/team_data.py: sessions played through the
real engine, 200 reps in 8 teams, 20 turn rows per session), then times each
report as a lead runs it, as a whole command (process start included) and in
process, and prints the median of several runs. The goal is under 2 seconds.

    .venv/bin/python -m bench.report [--sessions 10000] [--reps 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import team_data
from salescoach.practice.scenario import load_dir
from salescoach.reports import page as report_html
from salescoach.reports import report, transcript
from salescoach.reports import text as report_text

GOAL_SECONDS = 2.0


def timed(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        db = Path(workdir) / "scores.db"
        started = time.perf_counter()
        store = team_data.write(db, args.sessions, args.reps, turns_per_session=20)
        made = time.perf_counter() - started
        sessions, turns = store.db["sessions"].count, store.db["turns"].count
        print(
            f"database: {sessions:,} sessions, {turns:,} turns, {args.reps} reps, "
            f"{db.stat().st_size / 1e6:.0f} MB (generated in {made:.1f} s)"
        )

        catalogue = load_dir("scenarios")
        everyone = report.Filters()
        one_team = report.Filters(team="north")
        data = report.build(report.sessions(store, everyone), catalogue)
        newest = data["sessions"][-1]["session_id"]
        html_path = Path(workdir) / "report.html"
        cli = [sys.executable, "-m", "salescoach", "--db", str(db)]

        def command(*extra: str) -> Callable[[], object]:
            return lambda: subprocess.run(
                [*cli[:3], *extra, *cli[3:]],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        def in_process(filters: report.Filters) -> Callable[[], object]:
            return lambda: report.build(report.sessions(store, filters), catalogue)

        def html() -> None:
            loaded = [transcript.load(store, s["session_id"]) for s in data["sessions"][-50:]]
            html_path.write_text(report_html.page(data, loaded), encoding="utf-8")

        rows = [
            ("salescoach report (whole command)", command("report")),
            ("salescoach report --team north", command("report", "--team", "north")),
            ("salescoach report --view scenarios", command("report", "--view", "scenarios")),
            ("salescoach report --json", command("report", "--json")),
            (
                "salescoach report --html (50 transcripts)",
                command("report", "--html", str(html_path)),
            ),
            ("salescoach transcript ID", command("transcript", newest)),
            ("in process: query + build, all sessions", in_process(everyone)),
            ("in process: query + build, one team", in_process(one_team)),
            ("in process: terminal table", lambda: report_text.render(data, "reps", 20)),
            ("in process: CSV", lambda: report_text.to_csv(data, "reps")),
            ("in process: HTML page + 50 transcripts", html),
        ]
        width = max(len(name) for name, _ in rows)
        print(f"median of {args.runs} run(s); goal: a report under {GOAL_SECONDS:.0f} s")
        for name, action in rows:
            seconds = timed(action, args.runs)
            mark = "" if seconds < GOAL_SECONDS else "  OVER GOAL"
            print(f"  {name:{width}}  {seconds * 1000:7.0f} ms{mark}")
        print(f"HTML file: {html_path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
