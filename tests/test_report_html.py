"""The HTML report, opened in real headless Chromium: charts, tables and
transcripts render from the data, offline, and no stored text runs as code.
"""

from __future__ import annotations

import json

import pytest

from salescoach import data_files
from salescoach.frameworks import OUTCOME_LABELS
from salescoach.practice.scorecard import SKILLS
from salescoach.reports.text import BARS, signed
from tests.team import HOSTILE
from tests.test_cli import run

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def page_of(browser, team, db_path, tmp_path):
    out = tmp_path / "report.html"
    result = run("report", "--html", str(out), "--db", str(db_path))
    assert result.exit_code == 0, result.stderr
    data = json.loads(run("report", "--json", "--db", str(db_path)).stdout)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    yield page, data, requests, errors
    context.close()


def test_charts_render_from_the_report_data(page_of):
    page, data, requests, errors = page_of
    reps = data["reps"]
    assert page.locator("svg.trend").count() == len(reps)
    for rep in reps:
        line = page.locator(f'svg.trend[data-rep="{rep["rep_id"]}"] polyline')
        assert len(line.get_attribute("points").split()) == rep["sessions"]
        assert line.bounding_box()["width"] > 0 or rep["sessions"] == 1
    bars = page.locator("svg.frameworks rect.bar")
    expected = [
        (r["name"], f, v) for r in reps for f, v in r["frameworks"].items() if v is not None
    ]
    assert bars.count() == len(expected)
    assert [int(b.get_attribute("data-value")) for b in bars.all()] == [v for _, _, v in expected]
    assert all(b.bounding_box()["width"] > 0 for b in bars.all())
    segments = page.locator("svg.spin-mix rect.segment")
    counts = [int(s.get_attribute("data-count")) for s in segments.all()]
    assert sum(counts) == sum(sum(r["spin_mix"].values()) for r in reps)
    assert page.locator("table.reps tbody tr").count() == len(reps)
    assert page.locator("table.scenarios tbody tr").count() == len(data["scenarios"])
    assert errors == [] and all(url.startswith("file://") for url in requests)


def test_the_trend_in_the_reps_table_is_a_line_not_a_block(page_of):
    """The terminal's sparkline characters rendered as one solid black bar in a cell."""
    page, data, _, errors = page_of
    cells = page.locator('table.reps td[data-column="trend_scores"]')
    assert cells.count() == len(data["reps"])
    for cell, rep in zip(cells.all(), data["reps"]):
        assert not set(cell.inner_text()) & set(BARS)
        assert cell.inner_text().strip() == signed(rep["trend"]["change"])
        line = cell.locator("svg.spark polyline")
        assert line.evaluate("e => getComputedStyle(e).fill") == "none"
        assert len(line.get_attribute("points").split()) == len(rep["trend"]["scores"])
        assert line.bounding_box()["width"] > 0 or len(rep["trend"]["scores"]) == 1
    charts = page.locator("svg.trend polyline")
    assert charts.evaluate_all("es => es.map(e => getComputedStyle(e).fill)") == ["none"] * len(
        data["reps"]
    )
    assert errors == []


def test_every_rep_has_a_row_of_skills_and_an_unscored_one_says_why(page_of):
    page, data, _, errors = page_of
    skills = data_files.load("skills")
    headers = page.locator("table.skills thead th").all_inner_texts()
    assert [" ".join(h.split()) for h in headers] == ["REP", *(skills[s]["short"] for s in SKILLS)]
    rows = page.locator("table.skills tbody tr")
    assert rows.count() == len(data["reps"])
    unscored = 0
    for row, rep in zip(rows.all(), data["reps"]):
        assert row.locator("td").first.inner_text() == rep["name"]
        shown = row.locator("td[data-skill]").evaluate_all(
            "es => es.map(e => [e.dataset.skill, e.innerText, e.title,"
            " e.classList.contains('weakest')])"
        )
        assert [s for s, *_ in shown] == list(SKILLS)
        for skill, text, title, weakest in shown:
            score = rep["skills"][skill]
            if score is None:
                unscored += 1
                assert text == "-" and title == "the calls gave no chance to show this skill"
            else:
                assert text == str(score) and title == f"{skills[skill]['label']}: {score}"
            assert weakest == (skill == rep["weakest_skill"]["skill"])
    assert unscored > 0
    advice = page.locator("ul.next li").all_inner_texts()
    assert len(advice) == len(data["reps"])
    for text, rep in zip(advice, data["reps"]):
        assert text.startswith(rep["name"]) and rep["practise_next"]["why"] in text
    assert errors == []


def test_a_transcript_shows_each_reply_with_its_score_and_tip(page_of, team, store):
    page, _, _, errors = page_of
    sid = team["ana"][-1]
    transcript = page.locator(f"#session-{sid}")
    assert not transcript.locator(".turn").first.is_visible()
    page.goto(page.url.split("#")[0] + f"#session-{sid}")
    turns = transcript.locator(".turn")
    assert turns.first.is_visible()
    stored = store.turns(sid)
    assert turns.count() == len(stored)
    for shown, row in zip(turns.all(), stored):
        assert row["rep_text"] in shown.locator(".said").inner_text()
        assert shown.locator(".score").inner_text() == str(row["score"])
        assert shown.locator(".tip").all_inner_texts() == json.loads(row["feedback"])
    assert errors == []


def test_a_transcript_opens_with_the_customer_and_shows_hints_where_asked(page_of, team, store):
    page, _, _, errors = page_of
    sid = team["ana"][-1]  # hints asked before the first and the third reply
    transcript = page.locator(f"#session-{sid}")
    transcript.locator("summary").click()
    assert "next step agreed" in transcript.locator("summary").inner_text()
    opening = store.session(sid)["opening"]
    assert transcript.locator(".opening").inner_text() == f"Customer: {opening}"
    hints = [f"Rep asked: {h['text']}" for h in store.hints(sid)]
    assert transcript.locator(".hint").all_inner_texts() == hints
    order = transcript.locator(".opening, .hint, .turn").evaluate_all(
        "es => es.map(e => e.className)"
    )
    assert order[:6] == ["opening", "hint", "turn", "turn", "hint", "turn"]
    assert order.count("turn") == len(store.turns(sid))
    assert errors == []


def test_the_sessions_table_links_to_each_transcript(page_of, team):
    page, data, _, errors = page_of
    assert page.locator("table.sessions tbody tr").count() == len(data["sessions"])
    outcomes = page.locator('table.sessions td[data-column="outcome"]').all_inner_texts()
    assert set(outcomes) <= set(OUTCOME_LABELS.values()) and "left unfinished" in outcomes
    sid = team["ana"][-1]
    page.locator(f'table.sessions a[href="#session-{sid}"]').click()
    assert page.locator(f"#session-{sid} .turn").first.is_visible()
    assert errors == []


def test_stored_text_is_shown_as_text_never_run(page_of, team):
    page, _, _, errors = page_of
    sid = team["ben"][-1]
    page.locator(f"#session-{sid} summary").click()
    said = page.locator(f"#session-{sid} .said").first.inner_text()
    assert HOSTILE in said
    assert page.evaluate("window.pwned") is None
    assert page.locator("main img, main script").count() == 0
    assert errors == []


def test_the_report_reads_on_a_phone(page_of):
    """Nothing makes the page wider than a phone, transcripts open included; each table
    scrolls sideways in its own box, and the rep's name stays in view as it does."""
    page, *_ = page_of
    page.set_viewport_size(PHONE)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    boxes = page.locator("div.scroll")
    assert boxes.count() == page.locator("table").count() > 0
    for box in boxes.all():
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
        edge = box.bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= PHONE["width"] + 1
    reps = page.locator("div.scroll:has(table.reps)")
    assert reps.evaluate("e => e.scrollWidth > e.clientWidth")
    reps.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert reps.evaluate("e => e.scrollLeft") > 0
    name = page.locator("table.reps tbody td").first.bounding_box()
    assert name["x"] >= reps.bounding_box()["x"] - 1
