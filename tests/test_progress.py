"""A rep's progress page (reports/progress.py) from a real team history."""

from __future__ import annotations

import re

from salescoach.reports import progress, report
from tests.team import HOSTILE


def ana_progress(store, team, catalogue=None):
    rows = report.sessions(store, report.Filters(reps=("Ana Lima",)))
    data = report.build(rows, catalogue or {}, last=30)
    return data, progress.sections(data["reps"][0], data["sessions"], lambda sid: f"/calls/{sid}")


def test_every_call_links_its_transcript_newest_first_with_its_scores(store, team):
    data, html = ana_progress(store, team)
    links = re.findall(r'href="/calls/([^"]+)"', html)
    assert links == team["ana"][::-1]
    newest = data["sessions"][-1]
    assert f'<td class="num">{newest["overall"]}</td>' in html
    assert "next step agreed" in html or "left unfinished" in html or "rep ended the call" in html


def test_one_line_per_framework_over_time_with_gaps_not_zeros(store, team):
    data, html = ana_progress(store, team)
    drawn = re.findall(r'data-framework="(\w+)"[^>]*points="([^"]*)"', html)
    frameworks = {name for name, _ in drawn}
    assert "overall" in frameworks and "spin" in frameworks
    for name, points in drawn:
        used = [s for s in data["sessions"] if s[name] is not None]
        assert len(points.split()) <= len(used)
    assert "sandwich" not in frameworks or any(s["sandwich"] for s in data["sessions"])


def test_skills_weakest_first_and_what_to_practise_next(store, team, catalogue):
    data, html = ana_progress(store, team, catalogue)
    rep = data["reps"][0]
    scores = [
        int(x)
        for x in re.findall(
            r'<td class="num">(\d+)</td></tr>', html.split('id="skills"')[1].split("</table>")[0]
        )
    ]
    assert scores == sorted(scores)
    assert rep["weakest_skill"]["label"] in html and rep["practise_next"]["title"] in html


def test_stored_text_is_escaped(store, team):
    rows = report.sessions(store, report.Filters(reps=("Ben Okoro",)))
    data = report.build(rows, {}, last=30)
    html = progress.sections(data["reps"][0], data["sessions"], lambda sid: f"/calls/{sid}?<x>")
    assert "<x>" not in html and HOSTILE not in html
