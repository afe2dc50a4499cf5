from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salescoach.cli import cli

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
    for text in ("😀🔥👍", "<script>alert('x')</script>", "x" * 10_000, "价格太贵了"):
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
