"""Team-lead reports over a real SQLite file, filled the way the action server
fills it: sessions played through the real engine, written turn by turn.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from statistics import mean

import pytest

from salescoach import store as store_mod
from salescoach.frameworks import OUTCOME_LABELS, OUTCOMES
from salescoach.practice import scorecard, session
from salescoach.practice.scorecard import SKILLS
from salescoach.reports import page, report, transcript
from salescoach.store import Store
from tests.calls import CLINIC, GOOD_CALL, LOGISTICS
from tests.team import HOSTILE, POOR_CALL
from tests.test_cli import run


def build(store, catalogue, **filters):
    return report.build(report.sessions(store, report.Filters(**filters)), catalogue, last=5)


def by_name(data, name):
    [rep] = [r for r in data["reps"] if r["name"] == name]
    return rep


def test_each_rep_gets_counts_scores_frameworks_and_skills_from_the_database(
    store, catalogue, team
):
    data = build(store, catalogue)
    assert [r["name"] for r in data["reps"]] == ["Ana Lima", "Ben Okoro", "Cleo Park"]
    ana = by_name(data, "Ana Lima")
    stored = [store.session(sid) for sid in team["ana"]]
    assert ana["sessions"] == 3 and ana["team"] == "north"
    assert ana["turns"] == sum(s["turns"] for s in stored) == len(POOR_CALL) + 4 + len(GOOD_CALL)
    assert ana["average"] == round(mean(s["overall"] for s in stored))
    assert ana["best"] == max(s["overall"] for s in stored)
    assert ana["frameworks"]["spin"] == round(mean(s["spin"] for s in stored))
    cards = [json.loads(s["scorecard"]) for s in stored]
    for skill in SKILLS:
        values = [c["skills"][skill] for c in cards if c["skills"][skill] is not None]
        assert ana["skills"][skill] == (round(mean(values)) if values else None), skill
    assert ana["spin_mix"]["implication"] == sum(c["spin_mix"]["implication"] for c in cards) > 0


def test_the_trend_shows_an_improving_rep_and_her_recent_sessions(store, catalogue, team):
    ana = by_name(build(store, catalogue), "Ana Lima")
    scores = [store.session(sid)["overall"] for sid in team["ana"]]
    assert ana["trend"]["scores"] == scores and scores[-1] > scores[0]
    assert ana["trend"]["change"] == scores[-1] - scores[0] > 0
    assert [s["session_id"] for s in ana["recent"]] == team["ana"][::-1]


def test_weakest_skill_and_a_scenario_that_exercises_it(store, catalogue, team):
    ben = by_name(build(store, catalogue), "Ben Okoro")
    rated = {k: v for k, v in ben["skills"].items() if v is not None}
    assert ben["weakest_skill"]["score"] == min(rated.values())
    assert rated[ben["weakest_skill"]["skill"]] == min(rated.values())
    wanted = report.data_files.load("skills")[ben["weakest_skill"]["skill"]]["practise"]
    suggested = catalogue[ben["practise_next"]["scenario_id"]]
    assert report._matches(suggested, wanted)


def played(scenario_id: str, overall: int, **skills: int | None) -> dict:
    """A session row as reports read it, with only what a suggestion looks at."""
    return {"scenario_id": scenario_id, "overall": overall, "card": {"skills": skills}}


def test_a_suggestion_prefers_a_matching_scenario_the_rep_has_not_played(catalogue):
    rows = [played(LOGISTICS, 40, concise_replies=35), played(LOGISTICS, 50, concise_replies=46)]
    picked = report.suggest("concise_replies", rows, catalogue)
    assert catalogue[picked["scenario_id"]].persona.disc == "D"
    assert picked["scenario_id"] != LOGISTICS
    assert picked["why"] == (
        "Concise replies: 40 on average over the 2 of 2 session(s) that called for it; "
        "this scenario has a dominant (D) customer, who loses patience with long replies; "
        "not played yet"
    )


def test_the_reason_names_the_reps_score_and_what_the_scenario_has_never_a_cause(catalogue):
    """A rep who had only met a timing objection was told "price objections make you give
    hard news": the reason is now his own score and the price objection the scenario has."""
    timing = "construction-scheduling-timing-dominant"
    rows = [played(timing, 45, sandwich_closing=20), played(timing, 55, sandwich_closing=None)]
    picked = report.suggest("sandwich_closing", rows, catalogue)
    kinds = {o.kind for o in catalogue[picked["scenario_id"]].objections}
    why = picked["why"]
    assert why.startswith(
        "Sandwich closing (after hard news): 20 on average over the 1 of 2 session(s)"
    )
    assert "price" in kinds and "this scenario has a price objection," in why
    assert "timing" not in why and "you" not in why.split()
    assert set(picked) == {"scenario_id", "title", "why"}


def test_the_reason_says_so_when_nothing_fits_or_the_skill_was_never_called_for(catalogue):
    only_logistics = {LOGISTICS: catalogue[LOGISTICS]}
    rows = [played(LOGISTICS, 40, claims_with_evidence=30)]
    fallback = report.suggest("claims_with_evidence", rows, only_logistics)
    assert fallback["scenario_id"] == LOGISTICS
    assert fallback["why"].endswith(
        "no scenario targets this skill, so this is the one played least; played 1 time(s) so far"
    )
    never = report.suggest("probing", rows, catalogue)["why"]
    assert never.startswith("none of the 1 session(s) called for probing objections yet; ")


def test_an_unfinished_session_counts_with_its_scores_so_far(store, catalogue, team):
    cleo = by_name(build(store, catalogue), "Cleo Park")
    assert cleo["sessions"] == 1 and cleo["finished"] == 0
    assert cleo["recent"][0]["outcome"] == report.UNFINISHED
    turns = store.turns(team["cleo"][0])
    assert cleo["average"] == round(mean(t["score"] for t in turns))


def test_filters_by_team_rep_scenario_and_inclusive_dates(store, catalogue, team):
    assert {r["name"] for r in build(store, catalogue, team="north")["reps"]} == {
        "Ana Lima",
        "Ben Okoro",
    }
    assert build(store, catalogue, reps=("ana  LIMA",))["totals"]["sessions"] == 3
    clinic = build(store, catalogue, scenario=CLINIC)
    assert {s["scenario_id"] for s in clinic["sessions"]} == {CLINIC}
    window = build(store, catalogue, since="2026-10-08", until="2026-10-15")
    assert [s["started_at"][:10] for s in window["sessions"]] == [
        "2026-10-08",
        "2026-10-09",
        "2026-10-15",
    ]


def test_leaderboard_ranks_by_average_and_needs_enough_sessions(store, catalogue, team):
    rows = report.sessions(store, report.Filters())
    board = report.build(rows, catalogue, min_sessions=3)["leaderboard"]
    assert [r["name"] for r in board] == ["Ana Lima", "Ben Okoro"]
    assert board[0]["average"] > board[1]["average"] and [r["rank"] for r in board] == [1, 2]
    everyone = report.build(rows, catalogue, min_sessions=1)["leaderboard"]
    assert "Cleo Park" in {r["name"] for r in everyone}


def test_scenarios_hardest_first_with_where_reps_lose_points(store, catalogue, team):
    scenarios = build(store, catalogue)["scenarios"]
    assert [s["average"] for s in scenarios] == sorted(s["average"] for s in scenarios)
    logistics = next(s for s in scenarios if s["scenario_id"] == LOGISTICS)
    assert logistics["sessions"] == 4 and logistics["reps"] == 2
    assert logistics["title"] == catalogue[LOGISTICS].title
    assert len(logistics["weakest_skills"]) == 2
    assert logistics["outcomes"].get("advance") == 1


def test_csv_has_one_row_per_rep_with_every_skill(store, catalogue, team, db_path):
    result = run("report", "--csv", "--db", str(db_path))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == ["Ana Lima", "Ben Okoro", "Cleo Park"]
    assert {f"skill_{s}" for s in SKILLS} <= set(rows[0])
    ana = by_name(build(store, catalogue), "Ana Lima")
    assert int(rows[0]["average"]) == ana["average"]
    assert rows[0]["trend_scores"] == " ".join(map(str, ana["trend"]["scores"]))


def test_json_and_every_terminal_view(store, catalogue, team, db_path):
    data = json.loads(run("report", "--json", "--db", str(db_path)).stdout)
    assert set(data) >= {"reps", "leaderboard", "scenarios", "sessions", "totals"}
    assert data["totals"]["sessions"] == 7
    table = run("report", "--db", str(db_path)).stdout
    assert table.splitlines()[2].split()[:3] == ["REP", "TEAM", "SESS"]
    assert "Ana Lima" in table and "north" in table
    one = run("report", "--rep", "Ana Lima", "--db", str(db_path)).stdout
    assert "Recent sessions:" in one and team["ana"][-1][:12] in one and "Practise next:" in one
    board = run("report", "--view", "leaderboard", "--db", str(db_path)).stdout
    assert board.splitlines()[3].split()[:3] == ["1", "Ana", "Lima"]
    hardest = run("report", "--view", "scenarios", "--db", str(db_path)).stdout
    assert LOGISTICS in hardest and "WALK-AWAY" in hardest
    newest = run("report", "--view", "sessions", "--limit", "2", "--db", str(db_path)).stdout
    assert team["cleo"][0][:12] in newest and len(newest.strip().splitlines()) == 5


def test_transcript_shows_every_reply_with_score_tip_and_answer(store, team, db_path):
    sid = team["ana"][-1]
    result = run("transcript", sid[:10], "--db", str(db_path))
    assert result.exit_code == 0, result.stderr
    turns = store.turns(sid)
    for turn in turns:
        assert f"Coach {turn['score']:>3}" in result.stdout
        assert turn["customer_line"].split()[0] in result.stdout
    assert "implication question" in result.stdout and "acknowledge" in result.stdout
    assert "next step agreed ·" in result.stdout and "advance" not in result.stdout
    data = json.loads(run("transcript", sid, "--json", "--db", str(db_path)).stdout)
    assert [t["rep"] for t in data["turns"]] == GOOD_CALL
    assert [t["score"] for t in data["turns"]] == [t["score"] for t in turns]
    assert data["turns"][0]["feedback"] == json.loads(turns[0]["feedback"])
    assert data["outcome"] == "advance"


def test_transcript_starts_with_the_opening_line_and_shows_each_hint_where_it_was_asked(
    store, team, db_path
):
    sid = team["ana"][-1]  # hints asked before the first and the third reply
    opening, hints = store.session(sid)["opening"], [h["text"] for h in store.hints(sid)]
    assert opening and len(hints) == 2
    data = json.loads(run("transcript", sid, "--json", "--db", str(db_path)).stdout)
    assert data["opening"] == opening
    assert [t["hints_before"] for t in data["turns"]][:4] == [[hints[0]], [], [hints[1]], []]
    assert sum(map(len, (t["hints_before"] for t in data["turns"]))) == 2
    assert data["hints_after_last_reply"] == []
    blocks = run("transcript", sid, "--db", str(db_path)).stdout.split("\n\n")
    assert " ".join(blocks[1].split()) == f"Customer {' '.join(opening.split())}"
    assert blocks[2].startswith("     Asked     Hint:") and "\n  1  Rep" in blocks[2]
    assert blocks[3].startswith("  2  Rep")
    assert blocks[4].startswith("     Asked     Hint:") and "\n  3  Rep" in blocks[4]
    left = json.loads(run("transcript", team["cleo"][0], "--json", "--db", str(db_path)).stdout)
    assert left["outcome"] == "unfinished" and len(left["hints_after_last_reply"]) == 1
    assert all(t["hints_before"] == [] for t in left["turns"])


def test_outcomes_read_as_words_for_people_and_stay_raw_for_programs(team, db_path):
    table = run("report", "--view", "sessions", "--db", str(db_path)).stdout
    for raw, label in (("ended_by_rep", "rep ended the call"), ("walk_away", "walked away")):
        assert label in table and raw not in table
    assert "left unfinished" in table
    rows = csv.DictReader(
        io.StringIO(run("report", "--view", "sessions", "--csv", "--db", str(db_path)).stdout)
    )
    assert {r["outcome"] for r in rows} == {"advance", "walk_away", "ended_by_rep", "unfinished"}


def test_every_outcome_a_session_can_have_has_a_label(dominant):
    state, _ = session.start(dominant, seed="t")
    by_rep = scorecard.build(dominant.id, state)["outcome"]
    assert set(OUTCOME_LABELS) == {*OUTCOMES, by_rep, report.UNFINISHED}


def test_a_web_page_gets_the_report_body_linking_to_transcript_pages(store, catalogue, team):
    data = build(store, catalogue)
    body = page.sections(data, [], transcript_href=lambda sid: f"/transcripts/{sid}?a=1&b=2")
    assert "<html" not in body and "<head>" not in body and "<details" not in body
    for s in data["sessions"]:
        assert f'href="/transcripts/{s["session_id"]}?a=1&amp;b=2"' in body
    loaded = transcript.load(store, team["ana"][-1])
    embedded = page.sections(data, [loaded])
    assert embedded.count('href="#session-') == 1 and f'href="#session-{loaded["id"]}"' in embedded
    assert embedded.count('<details class="transcript"') == 1
    one = page.transcript_html(loaded)
    assert escape(loaded["opening"]) in one and one.count('class="hint"') == 2
    hostile = page.transcript_html(transcript.load(store, team["ben"][-1]))
    assert HOSTILE not in hostile and escape(HOSTILE) in hostile


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--rep", "Ana Lma"], "no rep named 'Ana Lma'; did you mean Ana Lima"),
        (["report", "--team", "west"], "no team 'west'"),
        (["report", "--scenario", "nope"], "no scenario 'nope'"),
        (["report", "--since", "23/11/2026"], "is not a date: use YYYY-MM-DD"),
        (["report", "--since", "2026-11-02", "--until", "2026-11-01"], "is after --until"),
        (["report", "--since", "2027-01-01"], "no practice sessions match --since 2027-01-01"),
        (["report", "--csv", "--json"], "choose one of --csv and --json"),
        (["transcript", "abc"], "give at least 6 characters"),
        (["transcript", "202610"], "matches several sessions"),
        (["transcript", "ffffffffff"], "no session 'ffffffffff'"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_2(team, db_path, args, message):
    result = run(*args, "--db", str(db_path))
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_missing_or_empty_database_is_a_clear_message(tmp_path):
    missing = run("report", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 2 and "no scores database at" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    Store(tmp_path / "empty.db")
    empty = run("report", "--db", str(tmp_path / "empty.db"))
    assert empty.exit_code == 2 and "no practice sessions in" in empty.stderr
    (tmp_path / "junk.db").write_text("not a database" * 100)
    junk = run("report", "--db", str(tmp_path / "junk.db"))
    assert junk.exit_code == 2 and "is not a salescoach database" in junk.stderr


def test_trainers_put_reps_in_teams(store, team, db_path):
    result = run(
        "rep", "set-team", "Cleo Park", "Dara New", "--team", "north", "--db", str(db_path)
    )
    assert result.exit_code == 0, result.stderr
    assert "Dara New: added, team north" in result.stdout
    listed = run("rep", "list", "--team", "north", "--db", str(db_path)).stdout
    assert all(name in listed for name in ("Ana Lima", "Ben Okoro", "Cleo Park", "Dara New"))
    assert run("rep", "set-team", "Ana Lima", "--db", str(db_path)).exit_code == 2
    assert run("rep", "set-team", "Ana Lima", "--no-team", "--db", str(db_path)).exit_code == 0
    assert store.db["reps"].get("ana-lima")["team"] is None


def test_a_team_given_at_login_is_kept_only_for_a_rep_without_one(store):
    store.ensure_rep("Eve Stone", team="south")
    store.ensure_rep("Eve Stone", team="north")
    assert store.db["reps"].get("eve-stone")["team"] == "south"


def test_the_reports_migration_backfills_unfinished_sessions(tmp_path, monkeypatch):
    """A database from before scorecards were saved per turn still reports every session."""
    monkeypatch.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:1])
    old = Store(tmp_path / "old.db")
    old.db["sessions"].insert(  # as 001's start_session wrote it
        {"id": "s1", "rep_id": old.ensure_rep("Ana Lima"), "sender_id": "sender",
         "scenario_id": LOGISTICS, "persona": "D", "started_at": store_mod.now(), "turns": 0}
    )  # fmt: skip
    for n, score in enumerate((40, 60), start=1):
        old.record_turn(f"m{n}", "s1", n, "hi", "Go on.", {"score": score, "feedback": []})
    monkeypatch.undo()
    upgraded = Store(tmp_path / "old.db")
    assert "002_reports" in {r["name"] for r in upgraded.db["migrations"].rows}
    assert upgraded.session("s1")["overall"] == 50
    assert [r["id"] for r in upgraded.db["session_report"].rows] == ["s1"]
    old_call = transcript.load(upgraded, "s1")
    data = transcript.to_json(old_call)
    assert data["opening"] is None and data["hints_after_last_reply"] == []
    assert [t["hints_before"] for t in data["turns"]] == [[], []]
    shown = transcript.text(old_call).splitlines()
    assert shown[4].startswith("  1  Rep") and "Asked" not in transcript.text(old_call)
    assert 'class="opening"' not in page.transcript_html(old_call)


def test_every_skill_is_described_and_has_a_shipped_scenario_to_practise(catalogue):
    skills = report.data_files.load("skills")
    assert list(skills) == list(SKILLS)
    for name, info in skills.items():
        assert {"short", "label", "why", "practise"} <= set(info), name
        assert any(report._matches(s, info["practise"]) for s in catalogue.values()), name
