from __future__ import annotations

from pathlib import Path

import pytest

from salescoach.practice import scenario

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
        assert s.opening and s.objections and all(s.facts.values())


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
    assert ("max_turns", "expected integer") in found


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
