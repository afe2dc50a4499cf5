"""The report as terminal tables and as CSV, from one column list per view so
the two never disagree about what a column means.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salescoach import data_files
from salescoach.frameworks import outcome_label
from salescoach.practice.scorecard import SKILLS
from salescoach.reports.report import FRAMEWORKS

VIEWS = ("reps", "leaderboard", "scenarios", "sessions")
BARS = "▁▂▃▄▅▆▇█"
NONE = "-"
Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    """The CSV header, and the key read from a row unless ``get`` is given."""
    header: str | None
    """The terminal header; None for CSV-only columns."""
    get: Callable[[Row], Any] | None = None
    shown: Callable[[Row], str] | None = None
    """Terminal formatting, when the raw value reads badly."""

    def value(self, row: Row) -> Any:
        return self.get(row) if self.get else row[self.name]

    def text(self, row: Row) -> str:
        if self.shown:
            return self.shown(row)
        value = self.value(row)
        return NONE if value is None else str(value)


def _frameworks(source: Callable[[Row], Row]) -> list[Column]:
    headers = {"spin": "SPIN", "sandwich": "SAND", "objection": "OBJ"}
    return [Column(f, headers[f], lambda r, f=f: source(r)[f]) for f in FRAMEWORKS]


def signed(value: int | None) -> str:
    """A change with its sign (+4, -3): a lead reads the direction first."""
    return "" if value is None else f"{value:+d}"


def sparkline(scores: list[int]) -> str:
    return "".join(BARS[min(len(BARS) - 1, score * len(BARS) // 101)] for score in scores)


def _weakest(rep: Row) -> str:
    weak, nxt = rep["weakest_skill"], rep["practise_next"]
    if weak is None:
        return NONE
    return f"{weak['short']} ({weak['score']})" + (f" → {nxt['scenario_id']}" if nxt else "")


COLUMNS: dict[str, list[Column]] = {
    "reps": [
        Column("name", "REP"),
        Column("team", "TEAM"),
        Column("sessions", "SESS"),
        Column("turns", "TURNS"),
        Column("average", "AVG"),
        Column("best", "BEST"),
        *_frameworks(lambda r: r["frameworks"]),
        Column(
            "trend_scores",
            "TREND",
            lambda r: " ".join(map(str, r["trend"]["scores"])),
            lambda r: f"{sparkline(r['trend']['scores'])} {signed(r['trend']['change'])}".strip(),
        ),
        Column("trend_change", None, lambda r: r["trend"]["change"]),
        Column(
            "weakest_skill",
            "WEAKEST SKILL → PRACTISE NEXT",
            lambda r: _key(r["weakest_skill"], "skill"),
            _weakest,
        ),
        Column("practise_next", None, lambda r: _key(r["practise_next"], "scenario_id")),
        *(Column(f"skill_{s}", None, lambda r, s=s: r["skills"][s]) for s in SKILLS),
        Column("last_practised", None),
        Column("rep_id", None),
    ],
    "leaderboard": [
        Column("rank", "#"),
        Column("name", "REP"),
        Column("team", "TEAM"),
        Column("sessions", "SESS"),
        Column("average", "AVG"),
        Column("best", "BEST"),
        Column("change", "CHANGE", shown=lambda r: signed(r["change"]) or NONE),
        Column("rep_id", None),
    ],
    "scenarios": [
        Column("scenario_id", "SCENARIO"),
        Column("persona", "DISC"),
        Column("difficulty", "LEVEL"),
        Column("sessions", "SESS"),
        Column("reps", "REPS"),
        Column("average", "AVG"),
        *_frameworks(lambda r: r["frameworks"]),
        Column("walk_away_rate", "WALK-AWAY", shown=lambda r: f"{r['walk_away_rate']:.0%}"),
        Column(
            "weakest_skills",
            "WHERE REPS LOSE POINTS",
            lambda r: "; ".join(w["skill"] for w in r["weakest_skills"]),
            lambda r: ", ".join(f"{w['short']} ({w['score']})" for w in r["weakest_skills"])
            or NONE,
        ),
        Column("title", None),
    ],
    "sessions": [
        Column("session_id", "SESSION", shown=lambda r: r["session_id"][:12]),
        Column("started_at", "STARTED", shown=lambda r: short_time(r["started_at"])),
        Column("name", "REP"),
        Column("scenario_id", "SCENARIO"),
        Column("turns", "TURNS"),
        Column("overall", "AVG"),
        *_frameworks(lambda r: r),
        Column("outcome", "OUTCOME", shown=lambda r: outcome_label(r["outcome"])),
        Column("exam", "EXAM", shown=lambda r: "exam" if r["exam"] else ""),
        Column("rep_id", None),
        Column("team", None),
    ],
}


def _key(ref: Row | None, key: str) -> Any:
    return None if ref is None else ref[key]


def short_time(iso: str) -> str:
    return iso[:16].replace("T", " ")


def table(rows: list[Row], columns: list[Column]) -> str:
    """Aligned columns; numbers to the right, like `sqlite-utils --table`."""
    shown = [c for c in columns if c.header is not None]
    cells = [[c.text(r) for c in shown] for r in rows]
    widths = [
        max(len(c.header or ""), *(len(row[i]) for row in cells)) for i, c in enumerate(shown)
    ]
    numeric = [all(is_number(c.value(r)) for r in rows) for c in shown]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)
        ).rstrip()

    return "\n".join([line([c.header or "" for c in shown]), *map(line, cells)])


def is_number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def render(report: Row, view: str, limit: int) -> str:
    """What `salescoach report` prints: a heading line, then the view's table."""
    totals = report["totals"]
    heading = (
        f"{totals['reps']} rep(s), {totals['sessions']} session(s), {totals['turns']} replies, "
        f"{totals['first'][:10]} to {totals['last'][:10]}"
    )
    rows = report[view]
    if view == "sessions":
        rows = rows[::-1][:limit]
        heading += f"; newest {len(rows)} shown (--limit)"
    parts = [heading, "", table(rows, COLUMNS[view]) if rows else "(no rep has enough sessions)"]
    if view == "reps" and len(report["reps"]) == 1:
        parts += ["", rep_detail(report["reps"][0])]
    return "\n".join(parts)


def rep_detail(rep: Row) -> str:
    """One rep's skills as bars, recent sessions (ids for `salescoach transcript`), what next."""
    labels = data_files.load("skills")
    lines = [f"{rep['name']}: skills, averaged over {rep['sessions']} session(s)"]
    width = max(len(labels[s]["label"]) for s in SKILLS)
    for skill in SKILLS:
        score = rep["skills"][skill]
        bar = "not practised" if score is None else f"{score:3d}  {'█' * (score // 5)}"
        lines.append(f"  {labels[skill]['label']:{width}}  {bar}")
    lines += ["", "Recent sessions:", table(rep["recent"], COLUMNS["sessions"])]
    nxt = rep["practise_next"]
    if nxt:
        lines += ["", f"Practise next: {nxt['scenario_id']} ({nxt['title']}): {nxt['why']}."]
    return "\n".join(lines)


def to_csv(report: Row, view: str) -> str:
    out = io.StringIO()
    columns = COLUMNS[view]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(c.name for c in columns)
    for row in report[view]:
        writer.writerow(_cell(c.value(row)) for c in columns)
    return out.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting like a formula ('=HYPERLINK…',
    a name such as '+1 team') gets a leading apostrophe (OWASP's CSV-injection rule)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Text for a lead's terminal: control characters a rep typed into a name or a reply
    (escape sequences that move the cursor, clear the screen, set the title) are shown
    as visible escapes instead of being obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
