"""The report as one self-contained HTML file: tables, inline SVG charts and
session transcripts. No CDN, no fonts or scripts from elsewhere, so it opens
offline and can be mailed; a Content-Security-Policy forbids loading anything
else. Every piece of text from the database goes through ``html.escape``.

``sections`` and ``transcript_html`` are the parts a web page reuses: the
report's body without the file around it, and one transcript. Labels come in the
reader's language (``language``: en, zh-Hans, zh-Hant; reports/labels.py); names,
titles and replies as stored.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from salescoach.practice.scorecard import SKILLS
from salescoach.reports import labels
from salescoach.reports.report import FRAMEWORKS
from salescoach.reports.text import COLUMNS, NONE, is_number, short_time, signed
from salescoach.scoring import spin
from salescoach.web import coach_panel

Row = dict[str, Any]
Cell = Callable[[Row], str]
"""A cell's HTML, for the columns whose terminal text does not suit a page."""
FRAMEWORK_COLOURS = {"spin": "#3b6fb6", "sandwich": "#d08a2e", "objection": "#3f9c6d"}
SPIN_COLOURS = {
    "situation": "#b8c4d6",
    "problem": "#7f9cc7",
    "implication": "#3b6fb6",
    "need_payoff": "#1d3f73",
}
LINE_COLOUR = "#3b6fb6"
TREND_POINTS = 30
NEWEST_SESSIONS = 50
STYLE = (Path(__file__).parent.parent / "data" / "report.css").read_text(encoding="utf-8")
SCRIPT = """
function openTarget(){var d=document.getElementById(location.hash.slice(1));
if(d&&d.tagName==='DETAILS'){d.open=true;}}
window.addEventListener('hashchange',openTarget);openTarget();
"""


def page(report: Row, sessions: list[Row], language: str = "en") -> str:
    """The whole file. ``sessions`` are loaded transcripts (``transcript.load``)."""
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    title = labels.text("report_title", language)
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        + sections(report, sessions, language=language)
        + f"<script>{SCRIPT}</script></body></html>"
    )


def sections(
    report: Row,
    sessions: list[Row],
    transcript_href: Callable[[str], str] | None = None,
    heading: bool = True,
    language: str = "en",
) -> str:
    """The report's header and sections, without ``<html>`` or ``<head>``, for a page
    that brings its own (the file above, a live dashboard; both need ``STYLE``).

    ``sessions`` are loaded transcripts to embed, linked from the sessions table. With
    ``transcript_href`` (session id -> URL) the table links there instead and no
    transcript is embedded: a server shows each on a page of its own. ``heading`` False
    leaves the title to a page that has one.
    """
    totals, reps, lang = report["totals"], report["reps"], language
    link = transcript_href or _anchor({s["id"] for s in sessions})
    trend = {"trend_scores": lambda rep: _trend_cell(rep, lang)}
    parts = [
        ("reps", _table(reps, "reps", lang, trend)),
        ("skills", _skills(reps, lang)),
        ("trends", _trends(report, lang)),
        ("frameworks", _frameworks(reps, lang)),
        ("spin-mix", _spin_mix(reps, lang)),
        ("leaderboard", _table(report["leaderboard"], "leaderboard", lang)),
        ("scenarios", _table(report["scenarios"], "scenarios", lang)),
        ("sessions", _sessions(report, link, lang)),
    ]
    if transcript_href is None:
        parts.append(("transcripts", _transcripts(sessions, totals["sessions"], lang)))
    chosen = {k: v for k, v in report["filters"].items() if v and k != "teams"}
    filters = ", ".join(
        f"{labels.text(_filter_key(k), lang)} {v}" for k, v in chosen.items()
    ) or labels.text("all_sessions", lang)
    summary = labels.text(
        "summary_line",
        lang,
        **labels.totals(report),
        filters=filters,
        generated=short_time(report["generated_at"]),
    )
    key = {anchor: anchor.replace("-", "_") for anchor, _ in parts}
    nav = "".join(
        f'<a href="#{anchor}">{escape(labels.text("nav_" + key[anchor], lang))}</a>'
        for anchor, _ in parts
    )
    return (
        '<header id="top">'
        + (f"<h1>{escape(labels.text('report_title', lang))}</h1>" if heading else "")
        + f'<p class="muted">{escape(summary)}</p>'
        f"<nav>{nav}</nav></header><main>"
        + "".join(
            f'<section id="{anchor}"><h2>{escape(labels.text("title_" + key[anchor], lang))}'
            f"</h2>{content}</section>"
            for anchor, content in parts
        )
        + "</main>"
    )


def _filter_key(name: str) -> str:
    """A filter's name in the header ('team north'): 'reps' is its own key."""
    return "filter_reps" if name == "reps" else f"filter_{name}_named"


def _anchor(embedded: set[str]) -> Callable[[str], str | None]:
    """Links to the transcripts embedded in the same page; other sessions get none."""
    return lambda sid: f"#session-{sid}" if sid in embedded else None


def _table(rows: list[Row], view: str, language: str, cells: dict[str, Cell] | None = None) -> str:
    """A view's table, with the terminal's columns; ``cells`` renders some columns as HTML."""
    if not rows:
        return f'<p class="muted">{escape(labels.text("not_enough", language))}</p>'
    columns = [c for c in COLUMNS[view] if c.header is not None]
    cells = cells or {}
    head = "".join(f"<th>{escape(c.heading(language))}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if is_number(c.value(r)) else ""}" data-column="{c.name}">'
            + (cells[c.name](r) if c.name in cells else escape(c.text(r, language)))
            + "</td>"
            for c in columns
        )
        + "</tr>"
        for r in rows
    )
    return (
        f'<div class="scroll"><table class="{view}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _coords(
    scores: list[int], width: float, height: float, pad: float
) -> list[tuple[float, float]]:
    """Where each score (0-100) sits in a line chart, oldest left."""
    step = (width - 2 * pad) / max(1, len(scores) - 1)
    return [
        (pad + i * step, height - pad - s * (height - 2 * pad) / 100) for i, s in enumerate(scores)
    ]


def _polyline(coords: list[tuple[float, float]], width: float) -> str:
    """A line, never a filled shape: SVG fills a polyline black unless told not to."""
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    return (
        f'<polyline fill="none" stroke="{LINE_COLOUR}" stroke-width="{width}" '
        f'stroke-linejoin="round" points="{points}"/>'
    )


def _trend_cell(rep: Row, language: str) -> str:
    """The reps table's trend as a small line and the change: the terminal's block
    characters (▁▃█) read as one black bar in a browser's table font."""
    scores, width, height = rep["trend"]["scores"], 64, 20
    coords = _coords(scores, width, height, 3)
    x, y = coords[-1]
    shown = ", ".join(map(str, scores))
    label = escape(labels.text("trend_label", language, count=len(scores), scores=shown))
    return (
        f'<svg class="spark" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{label}</title>{_polyline(coords, 1.5)}'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{LINE_COLOUR}"/></svg> '
        + signed(rep["trend"]["change"])
    )


def _skills(reps: list[Row], language: str) -> str:
    """Every rep's 11 skills in one table (weakest marked), then what each should
    practise next and why, in that rep's own numbers."""
    full = {s: escape(labels.skill(s, language)) for s in SKILLS}
    not_shown = escape(labels.text("not_shown", language))
    head = f"<th>{escape(labels.text('col_rep', language))}</th>" + "".join(
        f'<th title="{full[s]}">{escape(labels.skill(s, language, short=True))}</th>'
        for s in SKILLS
    )
    rows = []
    for rep in reps:
        weakest = (rep["weakest_skill"] or {}).get("skill")
        cells = []
        for skill in SKILLS:
            score = rep["skills"][skill]
            if score is None:
                cells.append(
                    f'<td class="none" data-skill="{skill}" title="{not_shown}">{NONE}</td>'
                )
                continue
            mark = " weakest" if skill == weakest else ""
            cells.append(
                f'<td class="num skill{mark}" data-skill="{skill}" style="--score:{score}%" '
                f'title="{full[skill]}: {score}">{score}</td>'
            )
        rows.append(f"<tr><td>{escape(rep['name'])}</td>{''.join(cells)}</tr>")
    advice = "".join(
        f'<li><b>{escape(rep["name"])}</b>: {escape(nxt["title"])} '
        f'<span class="muted">({escape(nxt["scenario_id"])})</span>. {escape(nxt["why"])}.</li>'
        for rep in reps
        if (nxt := rep["practise_next"])
    )
    note = labels.html("skills_note", language, none=NONE, not_shown=not_shown)
    next_heading = escape(labels.text("practise_next", language))
    return (
        f'<div class="scroll"><table class="skills"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="muted">{note}</p>'
        + (f'<h3>{next_heading}</h3><ul class="next">{advice}</ul>' if advice else "")
    )


def _trends(report: Row, language: str) -> str:
    """Small multiples: one line chart per rep of their latest sessions' overall score."""
    by_rep: dict[str, list[Row]] = defaultdict(list)
    for s in report["sessions"]:
        by_rep[s["rep_id"]].append(s)
    width, height, pad = 240, 90, 14
    figures = []
    for rep in report["reps"]:
        points = by_rep[rep["rep_id"]][-TREND_POINTS:]
        coords = _coords([s["overall"] for s in points], width, height, pad)
        dots = "".join(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{LINE_COLOUR}"><title>'
            f"{escape(short_time(s['started_at']))}: {s['overall']}</title></circle>"
            for (x, y), s in zip(coords, points)
        )
        label = labels.text("trend_aria", language, name=rep["name"], count=len(points))
        caption = labels.text("trend_caption", language, name=rep["name"], average=rep["average"])
        figures.append(
            f"<figure><figcaption>{escape(caption)}</figcaption>"
            f'<svg class="chart trend" data-rep="{escape(rep["rep_id"])}" role="img" '
            f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%">'
            f'<line x1="{pad}" x2="{width - pad}" y1="{height / 2}" y2="{height / 2}" '
            'stroke="#e3e6ea"/><text x="0" y="12">100</text><text x="0" y="84">0</text>'
            f"{_polyline(coords, 2)}{dots}</svg></figure>"
        )
    return f'<div class="grid">{"".join(figures)}</div>'


def _legend(colours: dict[str, str], names: dict[str, str]) -> str:
    items = "".join(
        f'<span><i style="background:{c}"></i>{escape(names[k])}</span>' for k, c in colours.items()
    )
    return f'<p class="legend">{items}</p>'


def _names(prefix: str, keys: Iterable[str], language: str) -> dict[str, str]:
    return {key: labels.text(prefix + key, language) for key in keys}


def _frameworks(reps: list[Row], language: str) -> str:
    """Per rep, one bar per framework (0-100); a framework never used gets no bar."""
    names = _names("legend_", FRAMEWORKS, language)
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
                f'fill="{FRAMEWORK_COLOURS[name]}"><title>{escape(rep["name"])}, '
                f"{escape(names[name])}: {value}</title></rect>"
                f'<text x="{label_w + value * (width - label_w - 40) / 100 + 4:.1f}" '
                f'y="{y + bar_h - 2}">{value}</text>'
            )
    aria = escape(labels.text("frameworks_aria", language))
    return (
        _legend(FRAMEWORK_COLOURS, names)
        + f'<svg class="chart frameworks" role="img" aria-label="{aria}" '
        f'viewBox="0 0 {width} {len(reps) * group_h}" width="100%">{"".join(parts)}</svg>'
    )


def _spin_mix(reps: list[Row], language: str) -> str:
    """Per rep, one stacked bar: the share of each SPIN question type they asked."""
    names = _names("spin_", spin.TYPES, language)
    none_asked = escape(labels.text("no_questions", language))
    bar_h, label_w, width = 16, 150, 560
    parts = []
    for i, rep in enumerate(reps):
        y, x = i * (bar_h + 8), float(label_w)
        total = sum(rep["spin_mix"].values())
        parts.append(f'<text x="0" y="{y + 12}">{escape(rep["name"][:24])}</text>')
        if not total:
            parts.append(f'<text x="{label_w}" y="{y + 12}">{none_asked}</text>')
            continue
        for kind in spin.TYPES:
            count = rep["spin_mix"][kind]
            w = count * (width - label_w) / total
            parts.append(
                f'<rect class="segment" data-type="{kind}" data-count="{count}" x="{x:.1f}" '
                f'y="{y}" width="{w:.1f}" height="{bar_h}" fill="{SPIN_COLOURS[kind]}">'
                f"<title>{escape(rep['name'])}: {count} {escape(names[kind])}</title></rect>"
            )
            x += w
    aria = escape(labels.text("spin_aria", language))
    return (
        _legend(SPIN_COLOURS, names)
        + f'<svg class="chart spin-mix" role="img" aria-label="{aria}" '
        f'viewBox="0 0 {width} {len(reps) * (bar_h + 8)}" width="100%">{"".join(parts)}</svg>'
    )


def _sessions(report: Row, link: Callable[[str], str | None], language: str) -> str:
    """The newest sessions, each id linking to its transcript where there is one."""
    newest = report["sessions"][::-1][:NEWEST_SESSIONS]

    def session_cell(row: Row) -> str:
        shown, href = escape(row["session_id"][:12]), link(row["session_id"])
        return f'<a href="{escape(href)}">{shown}</a>' if href else shown

    shown = labels.text("sessions_note", language, shown=len(newest), total=len(report["sessions"]))
    note = f'<p class="muted">{escape(shown)}</p>'
    return note + _table(newest, "sessions", language, {"session_id": session_cell})


def _transcripts(sessions: list[Row], total: int, language: str) -> str:
    shown = labels.text("transcripts_note", language, shown=len(sessions), total=total)
    return f'<p class="muted">{escape(shown)}</p>' + "".join(
        f'<details class="transcript" id="session-{escape(s["id"])}">'
        f"<summary>{_summary(s, language)}</summary>{_exchange(s, language)}</details>"
        for s in sessions
    )


def transcript_html(session: Row, language: str = "en") -> str:
    """One loaded session (``transcript.load``) in full, for a page of its own: the
    opening line, each reply with its score, hits and tips, the customer's answer,
    and the hints the rep asked for where they asked."""
    return (
        f'<article class="transcript" id="session-{escape(session["id"])}">'
        f'<h2 class="summary">{_summary(session, language)}</h2>'
        f"{_exchange(session, language)}</article>"
    )


def _summary(session: Row, language: str) -> str:
    return (
        f"{escape(short_time(session['started_at']))} · {escape(session['rep_name'])} · "
        f"{escape(session['scenario_id'])} · {session['overall']}/100 · "
        f"{escape(labels.outcome(session['outcome'], language))}"
    )


def _exchange(session: Row, language: str) -> str:
    """The call in order; a session from before openings and hints were kept has neither."""
    said = {key: escape(labels.text(key, language)) for key in ("customer", "rep", "rep_asked")}
    no_step = labels.text("no_step", language)
    opening = session.get("opening")
    parts = (
        [f'<div class="opening"><b>{said["customer"]}</b> {escape(opening)}</div>']
        if opening
        else []
    )
    for t in session["turn_list"]:
        parts += [_hint(text, said["rep_asked"]) for text in t["hints_before"]]
        parts.append(
            '<div class="turn">'
            f'<div><div class="said"><b>{said["rep"]}</b> {escape(t["rep_text"])}</div>'
            f'<div class="customer"><b>{said["customer"]}</b> '
            f"{escape(t['customer_line'])}</div></div>"
            f'<div class="coach"><span class="score">{t["score"]}</span>/100'
            f"<div>{escape(', '.join(coach_panel.hits(t['result'], language)) or no_step)}</div>"
            + "".join(f'<div class="tip">{escape(tip)}</div>' for tip in t["feedback"])
            + "</div></div>"
        )
    parts += [_hint(text, said["rep_asked"]) for text in session["hints_after_last_reply"]]
    return "".join(parts)


def _hint(text: str, label: str) -> str:
    return f'<div class="hint"><b>{label}</b> {escape(text)}</div>'
