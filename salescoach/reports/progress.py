"""One rep's progress as HTML, for the rep: past calls (each linking to its
transcript), the score over time per framework, skills weakest first, and the
scenario to practise next. The data is report.py's, for one rep.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from salescoach import data_files
from salescoach.frameworks import outcome_label
from salescoach.practice.scorecard import SKILLS
from salescoach.reports.page import FRAMEWORK_COLOURS
from salescoach.reports.report import FRAMEWORKS
from salescoach.reports.text import short_time

Row = dict[str, Any]
WIDTH, HEIGHT, PAD = 560, 180, 24
LABELS = {"spin": "SPIN", "sandwich": "Sandwich", "objection": "Objections", "overall": "Overall"}


def sections(rep: Row, sessions: list[Row], link: Callable[[str], str]) -> str:
    return "".join(
        (
            _summary(rep),
            f'<section id="over-time"><h2>Score over time</h2>{_chart(sessions)}</section>',
            f'<section id="skills"><h2>Skills, weakest first</h2>{_skills(rep)}</section>',
            f'<section id="calls"><h2>Past calls</h2>{_calls(sessions, link)}</section>',
        )
    )


def _summary(rep: Row) -> str:
    nxt, weak = rep["practise_next"], rep["weakest_skill"]
    lines = [
        f"<p>{rep['sessions']} call(s), {rep['turns']} replies · average "
        f"<b>{rep['average']}</b> · best {rep['best']}</p>"
    ]
    if weak:
        lines.append(
            f'<p id="weakest">Weakest skill: <b>{escape(weak["label"])}</b> ({weak["score"]})</p>'
        )
    if nxt:
        lines.append(
            f'<p id="next">Practise next: <b>{escape(nxt["title"])}</b> '
            f'<span class="muted">({escape(nxt["scenario_id"])})</span>: {escape(nxt["why"])}</p>'
        )
    return f'<section id="summary">{"".join(lines)}</section>'


def _chart(sessions: list[Row]) -> str:
    """One line per framework over the rep's calls, oldest left; a call that did not
    use a framework leaves a gap in its line rather than a zero."""
    points = sessions[-30:]
    if len(points) < 2:
        return '<p class="muted">Two calls or more draw a line.</p>'
    step = (WIDTH - 2 * PAD) / (len(points) - 1)
    lines = []
    for framework in (*FRAMEWORKS, "overall"):
        colour = FRAMEWORK_COLOURS.get(framework, "#444")
        runs: list[list[str]] = [[]]
        for i, session in enumerate(points):
            score = session[framework]
            if score is None:
                runs.append([])
                continue
            y = HEIGHT - PAD - score * (HEIGHT - 2 * PAD) / 100
            runs[-1].append(f"{PAD + i * step:.1f},{y:.1f}")
        dash = ' stroke-dasharray="4 3"' if framework == "overall" else ""
        lines += [
            f'<polyline data-framework="{framework}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash} points="{" ".join(run)}"/>'
            for run in runs
            if run
        ]
    legend = "".join(
        f'<span><i style="background:{FRAMEWORK_COLOURS.get(f, "#444")}"></i>{LABELS[f]}</span>'
        for f in (*FRAMEWORKS, "overall")
    )
    return (
        f'<svg class="chart progress" role="img" aria-label="Scores per framework over the last '
        f'{len(points)} calls" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%">'
        f'<text x="0" y="{PAD}">100</text><text x="0" y="{HEIGHT - PAD}">0</text>'
        f'{"".join(lines)}</svg><p class="legend">{legend}</p>'
    )


def _skills(rep: Row) -> str:
    labels = data_files.load("skills")
    scored = sorted(
        SKILLS, key=lambda s: (rep["skills"][s] is None, rep["skills"][s] or 0, SKILLS.index(s))
    )
    rows = "".join(
        f"<tr><td>{escape(labels[s]['label'])}</td><td class=\"num\">"
        + ("-" if rep["skills"][s] is None else str(rep["skills"][s]))
        + "</td></tr>"
        for s in scored
    )
    return (
        '<div class="scroll"><table class="skills"><thead><tr><th>Skill</th><th>Score</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
        '<p class="muted">"-": your calls have not given a chance to show it yet.</p>'
    )


def _calls(sessions: list[Row], link: Callable[[str], str]) -> str:
    rows = "".join(
        "<tr>"
        f'<td><a href="{escape(link(s["session_id"]))}">'
        f"{escape(short_time(s['started_at']))}</a></td>"
        f"<td>{escape(s['scenario_id'])}</td><td class=\"num\">{s['overall']}</td>"
        + "".join(f'<td class="num">{"-" if s[f] is None else s[f]}</td>' for f in FRAMEWORKS)
        + f"<td>{escape(outcome_label(s['outcome']))}</td>"
        + f"<td>{'exam' if s['exam'] else ''}</td></tr>"
        for s in reversed(sessions)
    )
    head = "".join(f"<th>{LABELS[f]}</th>" for f in FRAMEWORKS)
    return (
        '<div class="scroll"><table class="calls"><thead><tr><th>When</th><th>Scenario</th>'
        f"<th>Score</th>{head}<th>Outcome</th><th></th></tr></thead><tbody>{rows}</tbody>"
        "</table></div>"
    )
