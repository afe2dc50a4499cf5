"""One rep's progress as HTML, for the rep: past calls (each linking to its
transcript), the score over time per framework, skills weakest first, and the
scenario to practise next. The data is report.py's, for one rep; the labels come
in the reader's language (reports/labels.py).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from salescoach.practice.scorecard import SKILLS
from salescoach.reports import labels
from salescoach.reports.page import FRAMEWORK_COLOURS
from salescoach.reports.report import FRAMEWORKS
from salescoach.reports.text import short_time

Row = dict[str, Any]
WIDTH, HEIGHT, PAD = 560, 180, 24


def sections(
    rep: Row, sessions: list[Row], link: Callable[[str], str], language: str = "en"
) -> str:
    heads = {
        key: escape(labels.text(key, language))
        for key in ("over_time", "skills_weakest_first", "past_calls")
    }
    return "".join(
        (
            _summary(rep, language),
            f'<section id="over-time"><h2>{heads["over_time"]}</h2>'
            f"{_chart(sessions, language)}</section>",
            f'<section id="skills"><h2>{heads["skills_weakest_first"]}</h2>'
            f"{_skills(rep, language)}</section>",
            f'<section id="calls"><h2>{heads["past_calls"]}</h2>'
            f"{_calls(sessions, link, language)}</section>",
        )
    )


def _summary(rep: Row, language: str) -> str:
    nxt, weak = rep["practise_next"], rep["weakest_skill"]
    numbers = {k: rep[k] for k in ("sessions", "turns", "best")}
    summary = labels.html("rep_summary", language, average=f"<b>{rep['average']}</b>", **numbers)
    lines = [f"<p>{summary}</p>"]
    if weak:
        label = f"<b>{escape(labels.skill(weak['skill'], language))}</b>"
        shown = labels.html("weakest_skill", language, label=label, score=weak["score"])
        lines.append(f'<p id="weakest">{shown}</p>')
    if nxt:
        shown = labels.html(
            "next_line",
            language,
            title=f"<b>{escape(nxt['title'])}</b>",
            scenario=f'<span class="muted">({escape(nxt["scenario_id"])})</span>',
            why=escape(nxt["why"]),
        )
        lines.append(f'<p id="next">{shown}</p>')
    return f'<section id="summary">{"".join(lines)}</section>'


def _names(language: str) -> dict[str, str]:
    """The chart's and the table's framework names."""
    return {f: labels.text(f"label_{f}", language) for f in (*FRAMEWORKS, "overall")}


def _chart(sessions: list[Row], language: str) -> str:
    """One line per framework over the rep's calls, oldest left; a call that did not
    use a framework leaves a gap in its line rather than a zero."""
    points = sessions[-30:]
    if len(points) < 2:
        return f'<p class="muted">{escape(labels.text("two_calls", language))}</p>'
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
    names = _names(language)
    legend = "".join(
        f'<span><i style="background:{FRAMEWORK_COLOURS.get(f, "#444")}"></i>'
        f"{escape(names[f])}</span>"
        for f in (*FRAMEWORKS, "overall")
    )
    aria = escape(labels.text("progress_aria", language, count=len(points)))
    return (
        f'<svg class="chart progress" role="img" aria-label="{aria}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%">'
        f'<text x="0" y="{PAD}">100</text><text x="0" y="{HEIGHT - PAD}">0</text>'
        f'{"".join(lines)}</svg><p class="legend">{legend}</p>'
    )


def _skills(rep: Row, language: str) -> str:
    scored = sorted(
        SKILLS, key=lambda s: (rep["skills"][s] is None, rep["skills"][s] or 0, SKILLS.index(s))
    )
    rows = "".join(
        f'<tr><td>{escape(labels.skill(s, language))}</td><td class="num">'
        + ("-" if rep["skills"][s] is None else str(rep["skills"][s]))
        + "</td></tr>"
        for s in scored
    )
    head = "".join(f"<th>{escape(labels.text(k, language))}</th>" for k in ("skill", "score"))
    note = escape(labels.text("not_yet_shown", language), quote=False)
    return (
        f'<div class="scroll"><table class="skills"><thead><tr>{head}'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
        f'<p class="muted">{note}</p>'
    )


def _calls(sessions: list[Row], link: Callable[[str], str], language: str) -> str:
    names, exam = _names(language), escape(labels.text("exam", language))
    rows = "".join(
        "<tr>"
        f'<td><a href="{escape(link(s["session_id"]))}">'
        f"{escape(short_time(s['started_at']))}</a></td>"
        f"<td>{escape(s['scenario_id'])}</td><td class=\"num\">{s['overall']}</td>"
        + "".join(f'<td class="num">{"-" if s[f] is None else s[f]}</td>' for f in FRAMEWORKS)
        + f"<td>{escape(labels.outcome(s['outcome'], language))}</td>"
        + f"<td>{exam if s['exam'] else ''}</td></tr>"
        for s in reversed(sessions)
    )
    head = "".join(
        f"<th>{escape(labels.text(k, language))}</th>" for k in ("when", "scenario", "score")
    )
    head += "".join(f"<th>{escape(names[f])}</th>" for f in FRAMEWORKS)
    outcome = escape(labels.text("outcome", language))
    return (
        f'<div class="scroll"><table class="calls"><thead><tr>{head}'
        f"<th>{outcome}</th><th></th></tr></thead><tbody>{rows}</tbody>"
        "</table></div>"
    )
