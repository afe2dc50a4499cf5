"""The report as terminal tables and as CSV, from one column list per view so
the two never disagree about what a column means. Headers and labels come in the
reader's language (reports/labels.py); CSV keeps the raw column names and values,
which programs read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salescoach.columns import ljust, rjust, width
from salescoach.practice.scorecard import SKILLS
from salescoach.reports import labels
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
    """The terminal header's key in data/messages/report.yml; None for CSV-only columns."""
    get: Callable[[Row], Any] | None = None
    shown: Callable[[Row, str], str] | None = None
    """Terminal formatting in a language, when the raw value reads badly."""

    def value(self, row: Row) -> Any:
        return self.get(row) if self.get else row[self.name]

    def text(self, row: Row, language: str = "en") -> str:
        if self.shown:
            return self.shown(row, language)
        value = self.value(row)
        return NONE if value is None else str(value)

    def heading(self, language: str = "en") -> str:
        return labels.text(self.header, language) if self.header else ""


def _frameworks(source: Callable[[Row], Row]) -> list[Column]:
    headers = {"spin": "col_spin", "sandwich": "col_sand", "objection": "col_obj"}
    return [Column(f, headers[f], lambda r, f=f: source(r)[f]) for f in FRAMEWORKS]


def signed(value: int | None) -> str:
    """A change with its sign (+4, -3): a lead reads the direction first."""
    return "" if value is None else f"{value:+d}"


def sparkline(scores: list[int]) -> str:
    return "".join(BARS[min(len(BARS) - 1, score * len(BARS) // 101)] for score in scores)


def _weakest(rep: Row, language: str) -> str:
    weak, nxt = rep["weakest_skill"], rep["practise_next"]
    if weak is None:
        return NONE
    short = labels.skill(weak["skill"], language, short=True)
    return f"{short} ({weak['score']})" + (f" → {nxt['scenario_id']}" if nxt else "")


def _losing(row: Row, language: str) -> str:
    weakest = row["weakest_skills"]
    shown = (f"{labels.skill(w['skill'], language, short=True)} ({w['score']})" for w in weakest)
    return ", ".join(shown) or NONE


COLUMNS: dict[str, list[Column]] = {
    "reps": [
        Column("name", "col_rep"),
        Column("team", "col_team"),
        Column("sessions", "col_sess"),
        Column("turns", "col_turns"),
        Column("average", "col_avg"),
        Column("best", "col_best"),
        *_frameworks(lambda r: r["frameworks"]),
        Column(
            "trend_scores",
            "col_trend",
            lambda r: " ".join(map(str, r["trend"]["scores"])),
            lambda r,
            _: f"{sparkline(r['trend']['scores'])} {signed(r['trend']['change'])}".strip(),
        ),
        Column("trend_change", None, lambda r: r["trend"]["change"]),
        Column(
            "weakest_skill",
            "col_weakest",
            lambda r: _key(r["weakest_skill"], "skill"),
            _weakest,
        ),
        Column("practise_next", None, lambda r: _key(r["practise_next"], "scenario_id")),
        *(Column(f"skill_{s}", None, lambda r, s=s: r["skills"][s]) for s in SKILLS),
        Column("last_practised", None),
        Column("rep_id", None),
    ],
    "leaderboard": [
        Column("rank", "col_rank"),
        Column("name", "col_rep"),
        Column("team", "col_team"),
        Column("sessions", "col_sess"),
        Column("average", "col_avg"),
        Column("best", "col_best"),
        Column("change", "col_change", shown=lambda r, _: signed(r["change"]) or NONE),
        Column("rep_id", None),
    ],
    "scenarios": [
        Column("scenario_id", "col_scenario"),
        Column("persona", "col_disc"),
        Column("difficulty", "col_level"),
        Column("sessions", "col_sess"),
        Column("reps", "col_reps"),
        Column("average", "col_avg"),
        *_frameworks(lambda r: r["frameworks"]),
        Column("walk_away_rate", "col_walk_away", shown=lambda r, _: f"{r['walk_away_rate']:.0%}"),
        Column(
            "weakest_skills",
            "col_lose",
            lambda r: "; ".join(w["skill"] for w in r["weakest_skills"]),
            _losing,
        ),
        Column("title", None),
    ],
    "sessions": [
        Column("session_id", "col_session", shown=lambda r, _: r["session_id"][:12]),
        Column("started_at", "col_started", shown=lambda r, _: short_time(r["started_at"])),
        Column("name", "col_rep"),
        Column("scenario_id", "col_scenario"),
        Column("turns", "col_turns"),
        Column("overall", "col_avg"),
        *_frameworks(lambda r: r),
        Column("outcome", "col_outcome", shown=lambda r, lang: labels.outcome(r["outcome"], lang)),
        Column(
            "exam", "col_exam", shown=lambda r, lang: labels.text("exam", lang) if r["exam"] else ""
        ),
        Column("rep_id", None),
        Column("team", None),
    ],
}


def _key(ref: Row | None, key: str) -> Any:
    return None if ref is None else ref[key]


def short_time(iso: str) -> str:
    return iso[:16].replace("T", " ")


def table(rows: list[Row], columns: list[Column], language: str = "en") -> str:
    """Aligned columns; numbers to the right, like `sqlite-utils --table`."""
    shown = [c for c in columns if c.header is not None]
    headers = [c.heading(language) for c in shown]
    cells = [[c.text(r, language) for c in shown] for r in rows]
    widths = [max(width(h), *(width(row[i]) for row in cells)) for i, h in enumerate(headers)]
    numeric = [all(is_number(c.value(r)) for r in rows) for c in shown]

    def line(values: list[str]) -> str:
        return "  ".join(
            rjust(v, w) if num else ljust(v, w) for v, w, num in zip(values, widths, numeric)
        ).rstrip()

    return "\n".join([line(headers), *map(line, cells)])


def is_number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def render(report: Row, view: str, limit: int, language: str = "en") -> str:
    """What `salescoach report` prints: a heading line, then the view's table."""
    heading = labels.text("heading", language, **labels.totals(report))
    rows = report[view]
    if view == "sessions":
        rows = rows[::-1][:limit]
        heading += labels.text("newest_shown", language, count=len(rows))
    shown = table(rows, COLUMNS[view], language) if rows else labels.text("nobody_ranked", language)
    parts = [heading, "", shown]
    if view == "reps" and len(report["reps"]) == 1:
        parts += ["", rep_detail(report["reps"][0], language)]
    return "\n".join(parts)


def rep_detail(rep: Row, language: str = "en") -> str:
    """One rep's skills as bars, recent sessions (ids for `salescoach transcript`), what next."""
    names = {skill: labels.skill(skill, language) for skill in SKILLS}
    lines = [labels.text("skills_of", language, name=rep["name"], sessions=rep["sessions"])]
    widest = max(map(width, names.values()))
    for skill in SKILLS:
        score = rep["skills"][skill]
        bar = (
            labels.text("not_practised", language)
            if score is None
            else f"{score:3d}  {'█' * (score // 5)}"
        )
        lines.append(f"  {ljust(names[skill], widest)}  {bar}")
    recent = table(rep["recent"], COLUMNS["sessions"], language)
    lines += ["", labels.text("recent_sessions", language), recent]
    nxt = rep["practise_next"]
    if nxt:
        fields = {"scenario": nxt["scenario_id"], "title": nxt["title"], "why": nxt["why"]}
        lines += ["", labels.text("next_text", language, **fields)]
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
