"""Reports in the reader's language: the terminal tables, the HTML report and a rep's
progress page come with Chinese labels in the reader's script, data as stored, and
in English exactly as before; CSV and JSON keep raw names."""

from __future__ import annotations

import json

import pytest

from salescoach import columns, data_files, messages
from salescoach.frameworks import OUTCOME_LABELS
from salescoach.practice.scorecard import SKILLS
from salescoach.reports import labels, page, progress, report, transcript
from salescoach.reports import text as report_text
from salescoach.web import coach_panel
from tests.test_cli import run

CHINESE = {"zh-Hans": "销售代表", "zh-Hant": "銷售代表"}
"""The reps table's first column header, in each script."""


def built(store, catalogue):
    return report.build(report.sessions(store, report.Filters()), catalogue, last=5)


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_the_terminal_report_is_labelled_in_chinese_and_aligned(store, catalogue, team, language):
    data = built(store, catalogue)
    shown = report_text.render(data, "reps", 20, language)
    heading, _, header, *rows = shown.splitlines()
    assert header.startswith(CHINESE[language]) and "REP" not in header
    assert labels.text("col_team", language) in header
    assert any(row.startswith("Ana Lima") for row in rows)
    assert f"位{CHINESE[language]}" in heading


def test_the_terminal_report_in_english_is_unchanged(store, catalogue, team):
    data = built(store, catalogue)
    assert report_text.render(data, "reps", 20) == report_text.render(data, "reps", 20, "en")
    header = report_text.render(data, "reps", 20).splitlines()[2]
    assert header.startswith("REP") and "WEAKEST SKILL → PRACTISE NEXT" in header


def test_chinese_columns_line_up_by_display_width():
    shown = [report_text.Column("name", "col_rep"), report_text.Column("sessions", "col_sess")]
    rows = [{"name": "张伟", "sessions": 3}, {"name": "Ana Lima", "sessions": 12}]
    lines = report_text.table(rows, shown, "zh-Hans").splitlines()
    assert len({columns.width(line) for line in lines}) == 1, lines
    assert lines[1].startswith("张伟")


@pytest.mark.parametrize(
    ("language", "title", "outcome"),
    [("zh-Hans", "团队报告", "约定了下一步"), ("zh-Hant", "團隊報告", "約定了下一步")],
)
def test_the_html_report_comes_in_chinese(store, catalogue, team, language, title, outcome):
    data = built(store, catalogue)
    html = page.page(data, [], language)
    assert f'<html lang="{language}">' in html and title in html
    assert CHINESE[language] in html and "Ana Lima" in html
    assert "Skills per rep" not in html and "Newest sessions" not in html


def test_the_html_report_in_english_is_unchanged(store, catalogue, team):
    data = built(store, catalogue)
    html = page.page(data, [])
    assert html == page.page(data, [], "en")
    assert '<html lang="en">' in html and "<h1>salescoach team report</h1>" in html
    assert "<h2>Skills per rep</h2>" in html and "<th>REP</th>" in html


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-Hans", "以往通话"), ("zh-Hant", "以往通話")]
)
def test_a_reps_progress_page_comes_in_chinese(store, team, language, heading):
    rows = report.sessions(store, report.Filters(reps=("Ana Lima",)))
    data = report.build(rows, {}, last=30)
    html = progress.sections(data["reps"][0], data["sessions"], lambda s: f"/calls/{s}", language)
    assert heading in html and "Past calls" not in html and "Weakest skill" not in html
    english = progress.sections(data["reps"][0], data["sessions"], lambda s: f"/calls/{s}")
    assert "<h2>Past calls</h2>" in english and "Weakest skill: <b>" in english


def test_data_stays_as_stored_in_the_other_script():
    """A rep named in Simplified keeps their name on a Traditional page."""
    assert labels.text("progress_title", "zh-Hant", name="张伟") == "練習進度：张伟"
    assert labels.html("weakest_skill", "zh-Hant", label="<b>张</b>", score=3).startswith(
        "最弱技能：<b>张</b>"
    )


def test_skill_and_outcome_names_in_english_match_what_the_json_carries():
    """report.yml's English is what skills.yml and OUTCOME_LABELS give programs."""
    skills = data_files.load("skills")
    for skill in SKILLS:
        assert labels.skill(skill) == skills[skill]["label"]
        assert labels.skill(skill, short=True) == skills[skill]["short"]
    for outcome, said in OUTCOME_LABELS.items():
        assert labels.outcome(outcome) == said
        assert messages.text(f"report.outcome_{outcome}", "zh-Hans") != said
    assert labels.outcome("something_new") == "something new"


def test_report_lang_labels_the_table_and_keeps_csv_and_json_raw(store, team, db_path):
    shown = run("report", "--lang", "zh-Hant", "--db", str(db_path))
    assert shown.exit_code == 0 and shown.stdout.splitlines()[2].startswith("銷售代表")
    english = run("report", "--db", str(db_path)).stdout
    assert english.splitlines()[2].startswith("REP")
    as_csv = run("report", "--lang", "zh-Hans", "--csv", "--db", str(db_path)).stdout
    assert as_csv == run("report", "--csv", "--db", str(db_path)).stdout
    as_json = json.loads(run("report", "--lang", "zh-Hans", "--json", "--db", str(db_path)).stdout)
    assert (
        as_json["reps"][0]["weakest_skill"]
        == json.loads(run("report", "--json", "--db", str(db_path)).stdout)["reps"][0][
            "weakest_skill"
        ]
    )
    wrong = run("report", "--lang", "fr", "--db", str(db_path))
    assert wrong.exit_code == 2 and "--lang fr" in wrong.stderr and not wrong.stdout


def test_report_html_file_in_chinese(store, team, db_path, tmp_path):
    out = tmp_path / "r.html"
    assert (
        run("report", "--lang", "zh-Hans", "--html", str(out), "--db", str(db_path)).exit_code == 0
    )
    html = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in html and "通话记录" in html and "客户：" in html
    assert "情境问题" in html and "situation question" not in html


@pytest.mark.parametrize(
    ("language", "coach", "customer"), [("zh-Hans", "教练", "客户"), ("zh-Hant", "教練", "客戶")]
)
def test_a_transcript_is_labelled_in_chinese_with_the_call_as_said(
    store, team, db_path, language, coach, customer
):
    sid = team["ana"][-1]
    shown = run("transcript", sid, "--lang", language, "--db", str(db_path)).stdout
    blocks = shown.split("\n\n")
    assert blocks[1].startswith(f"     {customer}")
    assert f"     {coach}" in shown and "Coach" not in shown and "Customer" not in shown
    first = store.turns(sid)[0]["rep_text"]
    assert " ".join(first.split()[:3]) in " ".join(shown.split())
    results = [t["result"] for t in transcript.load(store, sid)["turn_list"]]
    said = [hit for r in results for hit in coach_panel.hits(r, language)]
    assert said and all(hit in shown for hit in said)
    english = run("transcript", sid, "--db", str(db_path)).stdout
    assert english == run("transcript", sid, "--lang", "en", "--db", str(db_path)).stdout
    assert "     Coach " in english and english.splitlines()[0] == f"Session {sid}"
