"""The HTML report, opened in real headless Chromium: charts, tables and
transcripts render from the data, offline, and no stored text runs as code.
"""

from __future__ import annotations

import json

import pytest

from tests.team import HOSTILE
from tests.test_cli import run

pytestmark = pytest.mark.browser


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


def test_stored_text_is_shown_as_text_never_run(page_of, team):
    page, _, _, errors = page_of
    sid = team["ben"][-1]
    page.locator(f"#session-{sid} summary").click()
    said = page.locator(f"#session-{sid} .said").first.inner_text()
    assert HOSTILE in said
    assert page.evaluate("window.pwned") is None
    assert page.locator("main img, main script").count() == 0
    assert errors == []


def test_the_report_reads_on_a_phone(browser, page_of):
    page, *_ = page_of
    page.set_viewport_size({"width": 390, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
