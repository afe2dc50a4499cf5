"""The report as one self-contained HTML file: tables, inline SVG charts and
session transcripts. No CDN, no fonts or scripts from elsewhere, so it opens
offline and can be mailed; a Content-Security-Policy forbids loading anything
else. Every piece of text from the database goes through ``html.escape``.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any

from salescoach.reports.report import FRAMEWORKS
from salescoach.reports.text import COLUMNS, is_number, short_time
from salescoach.scoring import spin
from salescoach.web import coach_panel

Row = dict[str, Any]
FRAMEWORK_COLOURS = {"spin": "#3b6fb6", "sandwich": "#d08a2e", "objection": "#3f9c6d"}
SPIN_COLOURS = {
    "situation": "#b8c4d6",
    "problem": "#7f9cc7",
    "implication": "#3b6fb6",
    "need_payoff": "#1d3f73",
}
TREND_POINTS = 30
STYLE = (Path(__file__).parent.parent / "data" / "report.css").read_text(encoding="utf-8")
SCRIPT = """
function openTarget(){var d=document.getElementById(location.hash.slice(1));
if(d&&d.tagName==='DETAILS'){d.open=true;}}
window.addEventListener('hashchange',openTarget);openTarget();
"""


def page(report: Row, sessions: list[Row]) -> str:
    """The whole file. ``sessions`` are loaded transcripts (``transcript.load``)."""
    totals = report["totals"]
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    filters = ", ".join(f"{k} {v}" for k, v in report["filters"].items() if v) or "all sessions"
    body = [
        '<header id="top"><h1>salescoach team report</h1>',
        f'<p class="muted">{totals["reps"]} rep(s) · {totals["sessions"]} session(s) · '
        f"{totals['turns']} replies · {escape(totals['first'][:10])} to "
        f"{escape(totals['last'][:10])} · {escape(filters)} · "
        f"generated {escape(short_time(report['generated_at']))} UTC</p>",
        '<nav><a href="#reps">Reps</a><a href="#trends">Trends</a>'
        '<a href="#frameworks">Frameworks</a><a href="#spin-mix">SPIN mix</a>'
        '<a href="#leaderboard">Leaderboard</a><a href="#scenarios">Scenarios</a>'
        '<a href="#transcripts">Transcripts</a></nav></header><main>',
        _section("reps", "Reps", _table(report["reps"], "reps")),
        _section("trends", "Score trend per rep", _trends(report)),
        _section("frameworks", "Framework breakdown", _frameworks(report["reps"])),
        _section("spin-mix", "SPIN question mix", _spin_mix(report["reps"])),
        _section("leaderboard", "Leaderboard", _table(report["leaderboard"], "leaderboard")),
        _section("scenarios", "Scenarios, hardest first", _table(report["scenarios"], "scenarios")),
        _section("transcripts", "Transcripts", _transcripts(sessions, totals["sessions"])),
        "</main>",
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>salescoach team report</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + f"<script>{SCRIPT}</script></body></html>"
    )


def _section(anchor: str, title: str, content: str) -> str:
    return f'<section id="{anchor}"><h2>{title}</h2>{content}</section>'


def _table(rows: list[Row], view: str) -> str:
    if not rows:
        return '<p class="muted">Nobody has enough sessions yet.</p>'
    columns = [c for c in COLUMNS[view] if c.header is not None]
    head = "".join(f"<th>{escape(c.header or '')}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if is_number(c.value(r)) else ""}">' f"{escape(c.text(r))}</td>"
            for c in columns
        )
        + "</tr>"
        for r in rows
    )
    return (
        f'<div class="scroll"><table class="{view}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _trends(report: Row) -> str:
    """Small multiples: one line chart per rep of their latest sessions' overall score."""
    by_rep: dict[str, list[Row]] = defaultdict(list)
    for s in report["sessions"]:
        by_rep[s["rep_id"]].append(s)
    width, height, pad = 240, 90, 14
    figures = []
    for rep in report["reps"]:
        points = by_rep[rep["rep_id"]][-TREND_POINTS:]
        step = (width - 2 * pad) / max(1, len(points) - 1)
        coords = [
            (pad + i * step, height - pad - s["overall"] * (height - 2 * pad) / 100)
            for i, s in enumerate(points)
        ]
        dots = "".join(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#3b6fb6"><title>'
            f"{escape(short_time(s['started_at']))}: {s['overall']}</title></circle>"
            for (x, y), s in zip(coords, points)
        )
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        label = f"{rep['name']}: overall score of the last {len(points)} session(s)"
        figures.append(
            f'<figure><figcaption>{escape(rep["name"])} · avg {rep["average"]}</figcaption>'
            f'<svg class="chart trend" data-rep="{escape(rep["rep_id"])}" role="img" '
            f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%">'
            f'<line x1="{pad}" x2="{width - pad}" y1="{height / 2}" y2="{height / 2}" '
            'stroke="#e3e6ea"/><text x="0" y="12">100</text><text x="0" y="84">0</text>'
            f'<polyline fill="none" stroke="#3b6fb6" stroke-width="2" points="{line}"/>'
            f"{dots}</svg></figure>"
        )
    return f'<div class="grid">{"".join(figures)}</div>'


def _legend(colours: dict[str, str]) -> str:
    items = "".join(
        f'<span><i style="background:{c}"></i>{escape(k.replace("_", "-"))}</span>'
        for k, c in colours.items()
    )
    return f'<p class="legend">{items}</p>'


def _frameworks(reps: list[Row]) -> str:
    """Per rep, one bar per framework (0-100); a framework never used gets no bar."""
    bar_h, gap, label_w, width = 12, 4, 150, 560
    group_h = len(FRAMEWORKS) * (bar_h + gap) + 10
    parts = []
    for i, rep in enumerate(reps):
        top = i * group_h
        parts.append(f'<text x="0" y="{top + 22}">{escape(rep["name"][:24])}</text>')
        for j, name in enumerate(FRAMEWORKS):
            value = rep["frameworks"][name]
            if value is None:
                continue
            y = top + j * (bar_h + gap)
            parts.append(
                f'<rect class="bar" data-framework="{name}" data-value="{value}" x="{label_w}" '
                f'y="{y}" width="{value * (width - label_w - 40) / 100:.1f}" height="{bar_h}" '
                f'fill="{FRAMEWORK_COLOURS[name]}"><title>{escape(rep["name"])}, {name}: '
                f"{value}</title></rect>"
                f'<text x="{label_w + value * (width - label_w - 40) / 100 + 4:.1f}" '
                f'y="{y + bar_h - 2}">{value}</text>'
            )
    return (
        _legend(FRAMEWORK_COLOURS)
        + f'<svg class="chart frameworks" role="img" aria-label="Average score per framework '
        f'and rep" viewBox="0 0 {width} {len(reps) * group_h}" width="100%">{"".join(parts)}</svg>'
    )


def _spin_mix(reps: list[Row]) -> str:
    """Per rep, one stacked bar: the share of each SPIN question type they asked."""
    bar_h, label_w, width = 16, 150, 560
    parts = []
    for i, rep in enumerate(reps):
        y, x = i * (bar_h + 8), float(label_w)
        total = sum(rep["spin_mix"].values())
        parts.append(f'<text x="0" y="{y + 12}">{escape(rep["name"][:24])}</text>')
        if not total:
            parts.append(f'<text x="{label_w}" y="{y + 12}">no questions asked</text>')
            continue
        for kind in spin.TYPES:
            count = rep["spin_mix"][kind]
            w = count * (width - label_w) / total
            parts.append(
                f'<rect class="segment" data-type="{kind}" data-count="{count}" x="{x:.1f}" '
                f'y="{y}" width="{w:.1f}" height="{bar_h}" fill="{SPIN_COLOURS[kind]}">'
                f"<title>{escape(rep['name'])}: {count} {kind.replace('_', '-')}</title></rect>"
            )
            x += w
    return (
        _legend(SPIN_COLOURS)
        + f'<svg class="chart spin-mix" role="img" aria-label="SPIN question mix per rep" '
        f'viewBox="0 0 {width} {len(reps) * (bar_h + 8)}" width="100%">{"".join(parts)}</svg>'
    )


def _transcripts(sessions: list[Row], total: int) -> str:
    note = (
        f'<p class="muted">The newest {len(sessions)} of {total} session(s); '
        "`salescoach transcript SESSION_ID` prints any other.</p>"
    )
    return note + "".join(_transcript(s) for s in sessions)


def _transcript(session: Row) -> str:
    turns = "".join(
        '<div class="turn">'
        f'<div><div class="said"><b>Rep:</b> {escape(t["rep_text"])}</div>'
        f'<div class="customer"><b>Customer:</b> {escape(t["customer_line"])}</div></div>'
        f'<div class="coach"><span class="score">{t["score"]}</span>/100'
        f"<div>{escape(', '.join(coach_panel.hits(t['result'])) or 'no framework step')}</div>"
        + "".join(f'<div class="tip">{escape(tip)}</div>' for tip in t["feedback"])
        + "</div></div>"
        for t in session["turn_list"]
    )
    summary = (
        f"{escape(short_time(session['started_at']))} · {escape(session['rep_name'])} · "
        f"{escape(session['scenario_id'])} · {session['overall']}/100 · "
        f"{escape(session['outcome'])}"
    )
    return (
        f'<details class="transcript" id="session-{escape(session["id"])}">'
        f"<summary>{summary}</summary>{turns}</details>"
    )
