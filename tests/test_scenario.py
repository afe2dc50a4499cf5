from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from salescoach.practice import scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

VALID = (
    Path(__file__).resolve().parent.parent / "scenarios" / "logistics_backup_dominant.yml"
).read_text()


def write(tmp_path: Path, text: str, name: str = "s.yml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def problems_of(path: Path) -> list[scenario.Problem]:
    with pytest.raises(scenario.ScenarioError) as info:
        scenario.load(path)
    return info.value.problems


def test_shipped_scenarios_load_whole(catalogue):
    assert len(catalogue) >= 2
    assert {s.persona.disc for s in catalogue.values()} >= {"D", "C"}
    for s in catalogue.values():
        assert s.opening and s.objections
        assert {f.level for f in s.facts} == {"situation", "problem", "implication", "need_payoff"}


def test_unknown_key_names_line_and_field(tmp_path):
    text = VALID.replace("  traits: [direct", "  trates: [direct")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "trates" in ln)
    [problem] = problems_of(write(tmp_path, text))
    assert (problem.line, problem.field) == (line, "persona.trates")
    assert "unknown field" in problem.message and "traits" in problem.message
    assert str(problem).startswith(f"{tmp_path / 's.yml'}:{line}: persona.trates:")


def test_bad_enum_points_at_value(tmp_path):
    text = VALID.replace("  - kind: price", "  - kind: cost")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "kind: cost" in ln)
    [problem] = problems_of(write(tmp_path, text))
    assert (problem.line, problem.field) == (line, "objections[0].kind")
    assert "expected one of price, trust, need, timing, change" in problem.message


def test_missing_field_and_wrong_type_are_both_reported(tmp_path):
    text = VALID.replace("difficulty: medium\n", "").replace("max_turns: 10", "max_turns: ten")
    found = {(p.field, p.message.split(",")[0]) for p in problems_of(write(tmp_path, text))}
    assert ("difficulty", "required field is missing") in found
    assert ("max_turns", "expected a whole number") in found


def test_yaml_syntax_error_has_a_line(tmp_path):
    text = VALID.replace("opening:\n", "opening:\n  - [unclosed\n", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert problem.field == "(yaml)" and problem.line > 1


def test_duplicate_ids_in_a_folder_are_an_error(tmp_path):
    write(tmp_path, VALID, "a.yml")
    write(tmp_path, VALID, "b.yml")
    with pytest.raises(scenario.ScenarioError, match="already used"):
        scenario.load_dir(tmp_path)


def test_cached_catalogue_sees_a_new_file(tmp_path):
    write(tmp_path, VALID, "a.yml")
    assert list(scenario.load_dir_cached(tmp_path)) == ["logistics-backup-dominant"]
    write(tmp_path, VALID.replace("id: logistics-backup-dominant", "id: second"), "b.yml")
    assert set(scenario.load_dir_cached(tmp_path)) == {"logistics-backup-dominant", "second"}


def test_yaml_errors_are_said_in_plain_words(tmp_path):
    tab = VALID.replace("  name: Dana Reyes", "\tname: Dana Reyes")
    [problem] = problems_of(write(tmp_path, tab))
    assert "indent with spaces, not tabs" in problem.message
    colon = VALID.replace(
        "title: Cloud backup for an impatient logistics COO",
        "title: Cloud backup: an impatient COO: take two",
    )
    [problem] = problems_of(write(tmp_path, colon))
    assert problem.line == 3 and "put the whole text in quotes" in problem.message


def test_near_misses_get_a_did_you_mean(tmp_path):
    lowercase = VALID.replace("  disc: D", "  disc: d")
    [problem] = problems_of(write(tmp_path, lowercase))
    assert problem.field == "persona.disc" and "(did you mean 'D'?)" in problem.message
    typo = VALID.replace("max_turns: 10", "max_turn: 10")
    [problem] = problems_of(write(tmp_path, typo))
    assert "unknown field (did you mean 'max_turns'?)" in problem.message
    topic = VALID.replace("topics: [current_process,", "topics: [current_proces,", 1)
    [problem] = problems_of(write(tmp_path, topic))
    assert "did you mean 'current_process'" in problem.message


def test_a_date_where_text_belongs_is_text_and_a_number_is_a_located_error(tmp_path):
    dated = VALID.replace("title: Cloud backup for an impatient logistics COO", "title: 2024-05-01")
    assert scenario.load(write(tmp_path, dated)).title == "2024-05-01"
    number = VALID.replace("title: Cloud backup for an impatient logistics COO", "title: 42")
    [problem] = problems_of(write(tmp_path, number))
    assert (problem.line, problem.field) == (
        3,
        "title",
    ) and "expected text, got 42" in problem.message


def test_a_line_may_only_refer_to_facts_that_exist(tmp_path):
    text = VALID.replace("after: [leeds_cost]", "after: [leeds_costs]")
    [problem] = problems_of(write(tmp_path, text))
    assert "no fact with id 'leeds_costs' (did you mean 'leeds_cost'?)" in problem.message


def test_every_line_list_keeps_one_line_without_conditions(tmp_path):
    text = VALID.replace(
        '      - "Okay. If it pays for itself after one incident, the price is not the problem."',
        '      - text: "Okay. If it pays for itself after one incident."\n        if_said: [pays]',
    )
    [problem] = problems_of(write(tmp_path, text))
    assert problem.field == "objections[0].resolved" and "add one without" in problem.message


def test_placeholders_are_an_error_each_with_its_line(tmp_path):
    text = VALID.replace("title: Cloud backup for an impatient logistics COO", "title: TODO later")
    [problem] = problems_of(write(tmp_path, text))
    assert (problem.line, problem.field) == (3, "title") and "placeholder" in problem.message


def test_plain_string_facts_still_load_with_level_ids(tmp_path):
    text = (SCENARIOS / "logistics_backup_dominant.yml").read_text()
    start, end = text.index("facts:\n"), text.index("synonyms:\n")
    plain = "facts:\n" + "".join(
        f"  {level}:\n    - A {level} fact.\n"
        for level in ("situation", "problem", "implication", "need_payoff")
    )
    text = (
        text[:start] + plain + text[end:].replace("after: [leeds_cost]", "after: [implication-1]")
    )
    loaded = scenario.load(write(tmp_path, text))
    assert [f.id for f in loaded.facts] == [
        "situation-1", "problem-1", "implication-1", "need_payoff-1"
    ]  # fmt: skip
    assert "difficulties" in loaded.fact("problem-1").topics


def test_a_broken_edit_keeps_the_last_good_version_in_the_live_catalogue(tmp_path):
    path = write(tmp_path, VALID, "a.yml")
    before = scenario.load_dir_cached(tmp_path)["logistics-backup-dominant"]
    path.write_text(VALID.replace("title:", "title: &x\n  oops:", 1), encoding="utf-8")
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert scenario.load_dir_cached(tmp_path)["logistics-backup-dominant"] is before


def test_a_copied_file_with_the_same_id_breaks_nothing(tmp_path):
    write(tmp_path, VALID, "a.yml")
    write(tmp_path, VALID, "b.yml")
    assert list(scenario.load_dir_cached(tmp_path)) == ["logistics-backup-dominant"]


def test_a_running_call_keeps_its_scenario_when_the_file_is_removed(tmp_path):
    path = write(tmp_path, VALID, "a.yml")
    started = scenario.find(tmp_path, "logistics-backup-dominant")
    path.unlink()
    assert scenario.load_dir_cached(tmp_path) == {}
    assert scenario.find(tmp_path, "logistics-backup-dominant") is started


def test_the_list_a_rep_picks_from_is_in_their_language():
    def fake(scenario_id: str, language: str) -> scenario.Scenario:
        return dataclasses.replace(english, id=scenario_id, language=language)

    english = next(iter(scenario.load_dir(scenario.default_folder()).values()))
    catalogue = {s.id: s for s in (english, fake("zh-a", "zh-Hant"), fake("zh-b", "zh-Hans"))}
    assert list(scenario.in_language(catalogue, "en")) == [english.id]
    assert list(scenario.in_language(catalogue, "zh-Hans")) == ["zh-b", "zh-a"]
    assert list(scenario.in_language(catalogue, "zh-Hant")) == ["zh-a", "zh-b"]
