from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salescoach.cli import cli
from tests.calls import CHINESE

DESIGN_KEYS = {"spin", "sandwich", "objection_steps", "score", "feedback"}


def run(*args, input=None):
    return CliRunner(mix_stderr=False).invoke(cli, list(args), input=input)


def test_every_command_has_help():
    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    for path, command in walk(cli, []):
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        assert command.help and len(command.help) > 20, path


def test_score_prints_the_design_shape():
    result = run("score", "What does a day of downtime cost you?")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and set(data) >= DESIGN_KEYS
    assert data["spin"][0] == {
        "sentence": "What does a day of downtime cost you?",
        "type": "implication",
        "open": True,
    }
    assert set(data["sandwich"]) == {"applies", "opening", "core", "closing", "score"}


def test_score_reads_stdin_and_context(tmp_path):
    ctx = tmp_path / "ctx.json"
    ctx.write_text(
        json.dumps({"objection": "price", "persona": "D", "customer_line": "Too pricey."})
    )
    result = run(
        "score", "--context-file", str(ctx), input="I understand. What are you comparing it to?"
    )
    assert json.loads(result.stdout)["objection_steps"] == ["acknowledge", "probe"]


def test_jsonl_scores_each_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(
        '{"text": "How do you book today?"}\n\n{"text": "Fair point.", "objection": "trust"}\n'
    )
    lines = run("score", "--jsonl", str(path)).stdout.splitlines()
    assert len(lines) == 2 and all(set(json.loads(x)) >= DESIGN_KEYS for x in lines)


def test_bad_input_exits_2_with_nothing_on_stdout(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": 3}\n')
    ctx = tmp_path / "ctx.json"
    ctx.write_text("{not json")
    for args in (["score", "--jsonl", str(bad)], ["score", "--context-file", str(ctx), "hi"]):
        result = run(*args)
        assert result.exit_code == 2 and result.stdout == ""
        assert str(tmp_path) in result.stderr
    assert "bad.jsonl:2" in run("score", "--jsonl", str(bad)).stderr


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_reply_is_bad_input(text):
    result = run("score", text)
    assert result.exit_code == 2 and result.stdout == ""
    assert "the reply is empty" in result.stderr


def test_odd_replies_get_a_clear_json_result():
    german = "Der Preis ist uns leider viel zu hoch"
    for text in ("😀🔥👍", "<script>alert('x')</script>", "x" * 10_000, german):
        data = json.loads(run("score", text).stdout)
        assert data["score"] == 0 and len(data["feedback"]) == 1


def test_scenario_validate_reports_file_line_field(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("id: Bad Id\n")
    result = run("scenario", "validate", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{path}:1: id: expected lowercase" in result.stderr
    assert "title: required field is missing" in result.stderr


def test_scenario_list_and_validate_the_shipped_files():
    assert "logistics-backup-dominant" in run("scenario", "list").stdout
    assert run("scenario", "validate").stdout.startswith("ok: ")


def test_usage_error_is_exit_2_without_traceback():
    result = run("score", "--nope")
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "No such option: --nope" in result.stderr


def test_play_jsonl_plays_each_line_as_a_fresh_call(tmp_path):
    calls = tmp_path / "calls.jsonl"
    calls.write_text(
        '{"scenario": "logistics-backup-dominant", "say": ["Who changes the tapes?"]}\n'
        "\n"
        '{"scenario": "logistics-backup-dominant", "seed": 7, "say": '
        '["What is your budget?", "Our backup is 4,800 euros a year."]}\n'
    )
    result = run("scenario", "play", "--jsonl", str(calls))
    assert result.exit_code == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["scenario"] == "logistics-backup-dominant"
    [turn] = first["turns"]
    assert set(turn) == {"say", "customer", "event", "score", "ended", "outcome"}
    assert turn["customer"] == "Two IT people for the whole company. They change the tapes."
    assert turn["event"] == "fact_revealed:situation" and turn["ended"] is False
    assert [t["event"].split(":")[0] for t in second["turns"]] == ["no_answer", "objection_raised"]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "calls.jsonl:2: not valid JSON"),
        ('{"scenario": "nope", "say": ["hi"]}', "calls.jsonl:2: no scenario 'nope'"),
        ('{"scenario": "logistics-backup-dominant", "say": []}', "`say` must be a non-empty list"),
        (
            '{"scenario": "logistics-backup-dominant", "say": [""]}',
            "`say` must be a non-empty list",
        ),
        ('{"scenario": "logistics-backup-dominant", "says": ["hi"]}', "unknown field(s) says"),
        ('["a list"]', "expected a JSON object"),
    ],
)
def test_play_jsonl_bad_input_says_which_line_and_writes_nothing(tmp_path, line, reason):
    calls = tmp_path / "calls.jsonl"
    calls.write_text('{"scenario": "logistics-backup-dominant", "say": ["hi"]}\n' + line + "\n")
    result = run("scenario", "play", "--jsonl", str(calls))
    assert result.exit_code == 2 and result.stdout == ""
    assert reason in result.stderr


def test_play_reads_calls_from_stdin():
    result = run(
        "scenario", "play", "--jsonl",
        input='{"scenario": "clinic-scheduling-analytical", "say": ["How do patients book?"]}\n',
    )  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(result.stdout)["turns"][0]["event"] == "fact_revealed:situation"


def test_play_talks_to_a_trainer_in_the_terminal():
    result = run(
        "scenario", "play", "logistics-backup-dominant", "--seed", "t",
        input="How many servers do you run?\nhint\n\nend\n",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "Dana Reyes: Forty servers over three depots." in result.stdout
    assert "[fact_revealed:situation] Coach:" in result.stdout
    assert "Hint:" in result.stdout and "Scorecard:" in result.stdout
    unknown = run("scenario", "play", "no-such-scenario")
    assert unknown.exit_code == 2 and "no scenario 'no-such-scenario'" in unknown.stderr


def test_eval_measures_listening_on_a_labelled_set(tmp_path):
    probes = tmp_path / "probes.jsonl"
    probes.write_text(
        '{"id": "p1", "scenario": "logistics-backup-dominant", "say": "Who changes the tapes?", '
        '"answers": ["Two IT people for the whole company. They change the tapes."]}\n'
        '{"id": "p2", "scenario": "logistics-backup-dominant", "say": "What is your budget?", '
        '"answers": []}\n'
        '{"id": "p3", "scenario": "logistics-backup-dominant", "say": "What is your budget?", '
        '"answers": [], "tags": ["same_topic"]}\n'
    )
    result = run("eval", "--json", str(probes))
    data = json.loads(result.stdout)
    assert data["answerable"] == {"right": 1, "of": 1, "share": 1.0}
    assert data["unanswerable"] == {"right": 2, "of": 2, "share": 1.0}
    assert data["unanswerable_same_topic"] == {"right": 1, "of": 1, "share": 1.0}
    table = run("eval", str(probes)).stdout
    assert "same topic     1/1" in table and "of those, on a fact's own topic" in table
    probes.write_text(
        '{"id": "p1", "scenario": "logistics-backup-dominant", "say": "Hi", '
        '"answers": ["Not a fact"]}\n'
    )
    bad = run("eval", str(probes))
    assert bad.exit_code == 2 and "probes.jsonl:1: not a fact of logistics-backup-dominant" in (
        bad.stderr
    )
    probes.write_text(
        '{"id": "p1", "scenario": "logistics-backup-dominant", "say": "Hi", '
        '"answers": [], "tags": "same_topic"}\n'
    )
    untagged = run("eval", str(probes))
    assert untagged.exit_code == 2
    assert 'probes.jsonl:1: `tags` must be a list, not "same_topic"' in untagged.stderr


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_play_speaks_the_scenarios_language(catalogue, language):
    played = catalogue[CHINESE[language]]
    end, hint = ("结束", "提示") if language == "zh-Hans" else ("結束", "提示")
    result = run(
        "scenario", "play", played.path, "--seed", "t",
        input=f"您现在怎么安排工作？\n{hint}\n{end}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    name = played.persona.name
    out = result.stdout
    assert out.startswith("场景：" if language == "zh-Hans" else "場景：")
    assert f"\n{name}：" in out and ("] 教练：" in out or "] 教練：" in out)
    assert "\n提示：" in out and ("成绩单：" in out or "成績單：" in out)
    assert "Scorecard" not in out and "Coach:" not in out
