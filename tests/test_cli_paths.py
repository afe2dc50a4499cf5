"""Every command that takes a path, given a folder, a missing path, an empty
folder or a file that cannot be read (as root nothing is unreadable by
permission, so: bytes that are not text): a clear reason naming the path, exit
code 2, nothing on stdout, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from salescoach.practice import scenario
from tests.test_cli import run

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("not what any command wants")
    empty = tmp_path / "empty"
    empty.mkdir()
    unreadable = tmp_path / "unreadable.yml"
    unreadable.write_bytes(b"\xff\xfe\x00\x81 not text \xc3\x28")
    return {
        "folder": folder,
        "missing": tmp_path / "missing.yml",
        "empty folder": empty,
        "unreadable file": unreadable,
    }


COMMANDS = {
    "score --context-file": lambda p: ["score", "--context-file", str(p), "How many sites?"],
    "score --jsonl": lambda p: ["score", "--jsonl", str(p)],
    "eval": lambda p: ["eval", str(p)],
    "scenario validate": lambda p: ["scenario", "validate", str(p)],
    "scenario test": lambda p: ["scenario", "test", str(p)],
    "scenario list --dir": lambda p: ["scenario", "list", "--dir", str(p)],
    "scenario play --jsonl": lambda p: ["scenario", "play", "--jsonl", str(p)],
    "scenario play": lambda p: ["scenario", "play", str(p)],
    "report --db": lambda p: ["report", "--db", str(p)],
    "transcript --db": lambda p: ["transcript", "abcdef123", "--db", str(p)],
    "rep list --db": lambda p: ["rep", "list", "--db", str(p)],
}
CASES = ("folder", "missing", "empty folder", "unreadable file")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bad_path_is_a_clear_error_naming_it(command, case, paths):
    path = paths[case]
    result = run(*COMMANDS[command](path))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    assert path.name in result.stderr or str(path) in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 4  # click's usage lines, then the reason


def test_a_folder_of_scenarios_validates_and_reports_duplicate_ids(tmp_path):
    shutil.copy(SCENARIOS / "logistics_backup_dominant.yml", tmp_path / "a.yml")
    ok = run("scenario", "validate", str(tmp_path))
    assert ok.exit_code == 0 and "ok: 1 scenario(s) valid" in ok.stdout
    assert str(tmp_path) in ok.stdout
    shutil.copy(SCENARIOS / "logistics_backup_dominant.yml", tmp_path / "b.yml")
    twice = run("scenario", "validate", str(tmp_path))
    assert twice.exit_code == 2 and "already used by" in twice.stderr


def test_commands_run_from_another_folder_find_the_project_scenarios(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SALESCOACH_SCENARIOS", raising=False)
    listed = run("scenario", "list")
    assert listed.exit_code == 0 and "logistics-backup-dominant" in listed.stdout
    assert str(SCENARIOS) in listed.stderr
    checked = run("scenario", "validate")
    shipped = len(scenario.scenario_files(SCENARIOS))
    assert checked.exit_code == 0 and f"ok: {shipped} scenario(s) valid" in checked.stdout
    assert str(SCENARIOS) in checked.stdout


def test_a_new_scenario_goes_into_a_new_folder_and_not_over_a_file(tmp_path):
    made = run("scenario", "new", "x-1", "--persona", "D", "--objection", "need",
               "--dir", str(tmp_path / "new"))  # fmt: skip
    assert made.exit_code == 0 and (tmp_path / "new" / "x_1.yml").is_file()
    a_file = tmp_path / "file"
    a_file.write_text("")
    refused = run("scenario", "new", "x-2", "--persona", "D", "--objection", "need",
                  "--dir", str(a_file))  # fmt: skip
    assert refused.exit_code == 2 and refused.stdout == "" and "file" in refused.stderr


def test_report_html_into_a_folder_is_refused(tmp_path, team, db_path):
    result = run("report", "--db", str(db_path), "--html", str(tmp_path))
    assert result.exit_code == 2 and str(tmp_path) in result.stderr


CARELESS_YAML = {
    "alias bomb": ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, "aliases"),
    "binary tag": ("id: x\ntitle: !!binary aGVsbG8=\n", 2, "'!!binary' is not allowed"),
    "set tag": ("id: x\ntags: !!set {a, b}\n", 2, "'!!set' is not allowed"),
    "duplicate key": ("id: x\ntitle: A\nid: y\n", 3, "'id' appears twice"),
    "NUL byte": ("id: x\ntitle: A\x00\n", 2, "NUL byte"),
    "huge file": ("id: x\ntitle: '" + "x" * 1_100_000 + "'\n", 0, "at most 1 MB"),
}


@pytest.mark.parametrize("case", sorted(CARELESS_YAML))
def test_careless_yaml_is_one_clear_line_and_exit_2(tmp_path, case):
    """No traceback, no gigabytes: each is refused where it stands (issue: hardening)."""
    text, line, words = CARELESS_YAML[case]
    path = tmp_path / "careless.yml"
    path.write_text(text, encoding="utf-8")
    result = run("scenario", "validate", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    where = f"{path}:{line}:" if line else f"{path}:"
    assert where in result.stderr and words in result.stderr, result.stderr


def test_scenario_list_takes_the_language_names_score_takes():
    chinese = run("scenario", "list", "--lang", "zh")
    traditional = run("scenario", "list", "--lang", "zh-TW")
    assert chinese.exit_code == traditional.exit_code == 0
    rows = chinese.stdout.splitlines()
    assert rows and all(" zh-Han" in row for row in rows)
    assert traditional.stdout.splitlines()[0].split()[1] == "zh-Hant"
    assert "logistics-backup-dominant" in run("scenario", "list", "--lang", "en").stdout
    refused = run("scenario", "list", "--lang", "fr")
    assert refused.exit_code == 2 and "--lang fr: one of en, zh-Hans, zh-Hant" in refused.stderr
