"""Trainers' scripted tests: every shipped scenario passes its own script
(listening steps included) through the real engine and NLU, and a broken or
half-finished script says exactly what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescoach.practice import rehearsal, scenario, validation
from tests.calls import fill_scaffold, play
from tests.test_cli import run

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SCRIPTS = sorted(SCENARIOS.glob("*.test.yml"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_shipped_scenario_passes_its_own_script(script, catalogue, parse):
    result = rehearsal.rehearse(script, catalogue, parse)
    assert result.passed, rehearsal.report(result)
    assert len(result.steps) >= 2


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_script_has_listening_steps(script):
    """Steps that name the fact the customer must tell, and one with no answer."""
    data, _ = validation.validated(script, "scenario_test")
    expects = [step["expect"] for run_ in data["runs"] for step in run_["steps"]]
    assert sum("fact" in e for e in expects) >= 3
    assert any(str(e.get("event", "")).startswith("no_answer") for e in expects)


def test_every_scenario_has_a_script(catalogue):
    scripted = {validation.validated(p, "scenario_test")[0]["scenario"] for p in SCRIPTS}
    assert scripted == set(catalogue)


def test_shipped_content_covers_every_persona_and_objection_twice(catalogue):
    personas = [s.persona.disc for s in catalogue.values()]
    kinds = [o.kind for s in catalogue.values() for o in s.objections]
    assert len(catalogue) >= 10
    assert all(personas.count(d) >= 2 for d in "DISC")
    assert all(kinds.count(k) >= 2 for k in ("price", "trust", "need", "timing", "change"))
    assert len({s.industry for s in catalogue.values()}) >= 4
    assert {s.difficulty for s in catalogue.values()} == {"easy", "medium", "hard"}


def test_every_shipped_fact_says_what_it_answers(catalogue):
    for s in catalogue.values():
        for fact in s.facts:
            assert fact.topics and len(fact.questions) >= 5, (s.id, fact.id)


def test_a_failing_step_says_what_was_expected_and_what_the_customer_said(tmp_path, parse):
    script = tmp_path / "x.test.yml"
    (tmp_path / "s.yml").write_text((SCENARIOS / "logistics_backup_dominant.yml").read_text())
    script.write_text(
        "scenario: logistics-backup-dominant\n"
        "runs:\n"
        "  - name: wrong expectation\n"
        "    steps:\n"
        "      - say: How many servers do you have?\n"
        "        expect: {event: objection_raised, fact: it_team, score: [90, 100]}\n"
    )
    result = rehearsal.rehearse(script, {}, parse)
    [step] = result.steps
    assert not step.passed
    assert "expected the customer to objection_raised, got fact_revealed:situation" in step.failures
    assert "expected fact it_team, got backup_setup" in step.failures
    assert any("expected a score in 90-100" in f for f in step.failures)
    assert 'customer: "Forty servers' in rehearsal.report(result)
    cli = run("scenario", "test", str(script))
    assert cli.exit_code == 1 and "FAIL" in cli.stdout and "customer:" in cli.stdout


def test_a_typo_in_an_event_or_fact_is_a_file_error_with_a_suggestion(tmp_path):
    script = tmp_path / "x.test.yml"
    script.write_text(
        "scenario: logistics-backup-dominant\nruns:\n  - name: r\n    steps:\n"
        "      - say: Shall we book a test?\n        expect: {event: advance}\n"
        "      - say: How many servers?\n        expect: {fact: backup_setp}\n"
    )
    result = run("scenario", "test", str(script), "--dir", str(SCENARIOS))
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown event 'advance' (did you mean 'advanced'?)" in result.stderr
    assert "unknown fact 'backup_setp' (did you mean 'backup_setup'?)" in result.stderr
    assert f"{script}:6:" in result.stderr


def test_a_broken_script_names_file_line_and_field(tmp_path):
    script = tmp_path / "x.test.yml"
    script.write_text(
        "scenario: logistics-backup-dominant\nruns:\n  - name: r\n    steps:\n"
        "      - say: Hi\n        expct: {event: filler}\n"
    )
    result = run("scenario", "test", str(script))
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{script}:6: runs[0].steps[0].expct: unknown field (did you mean 'expect'?)" in (
        result.stderr
    )


def test_the_scaffold_is_valid_yaml_but_not_a_finished_customer(tmp_path):
    args = ["scenario", "new", "gym-price", "--persona", "I", "--objection", "price",
            "--objection", "timing", "--difficulty", "easy", "--dir", str(tmp_path)]  # fmt: skip
    made = run(*args)
    assert made.exit_code == 0
    assert f"salescoach scenario test {tmp_path / 'gym_price.yml'}" in made.stdout
    checked = run("scenario", "validate", str(tmp_path))
    assert checked.exit_code == 2
    assert "product: still a placeholder" in checked.stderr
    assert "facts.situation[0].text: still a placeholder" in checked.stderr
    tested = run("scenario", "test", str(tmp_path / "gym_price.yml"))
    assert tested.exit_code == 2 and "placeholder" in tested.stderr
    again = run(*args)
    assert again.exit_code == 2 and "already used" in again.stderr


@pytest.mark.parametrize(("language", "persona_line"), [("zh-Hans", "您"), ("zh-Hant", "謝謝")])
def test_a_chinese_scaffold_starts_from_chinese_lines_in_its_script(
    tmp_path, language, persona_line
):
    made = run("scenario", "new", "zh-gym", "--persona", "S", "--objection", "change",
               "--lang", language, "--dir", str(tmp_path))  # fmt: skip
    assert made.exit_code == 0
    loaded = validation.validated(tmp_path / "zh_gym.yml", "scenario", placeholders=True)[0]
    assert loaded["language"] == language
    assert any(persona_line in line for line in loaded["opening"])
    checked = run("scenario", "validate", str(tmp_path))
    assert 'product: still a placeholder ("TODO：' in checked.stderr
    script = (tmp_path / "zh_gym.test.yml").read_text(encoding="utf-8")
    assert ("预算" if language == "zh-Hans" else "預算") in script


def test_a_finished_scaffold_plays_and_its_test_runs_beside_it(tmp_path, parse):
    """`scenario test D/x.yml` finds the scenario beside its test file (no --dir)."""
    assert run("scenario", "new", "gym-price", "--persona", "I", "--objection", "price",
               "--dir", str(tmp_path)).exit_code == 0  # fmt: skip
    path = tmp_path / "gym_price.yml"
    fill_scaffold(path)
    script = tmp_path / "gym_price.test.yml"
    script.write_text(
        "scenario: gym-price\nseed: ci\nruns:\n  - name: listening\n    steps:\n"
        "      - say: What's your budget for this?\n        expect: {event: no_answer}\n"
        "      - say: How many members does the gym have?\n"
        "        expect: {event: 'fact_revealed:situation', fact: situation-1}\n"
    )
    assert run("scenario", "validate", str(path)).exit_code == 0
    result = run("scenario", "test", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "gym-price" in scenario.load_dir(tmp_path)


def test_d_and_c_react_differently_to_the_same_reply(catalogue, parse):
    reply = (
        "Our platform is honestly the best and most amazing tool out there, everyone loves it, "
        "and it has dashboards, integrations, modules, automated reports and a mobile app, and "
        "we keep adding features every month because our team is world-class and we really do "
        "believe there is nothing else like it on the market for a business like yours today, "
        "so let me walk you through every single one of those features in detail."
    )
    dominant = catalogue["logistics-backup-dominant"]
    analytical = catalogue["clinic-scheduling-analytical"]
    _, [d] = play(dominant, [reply], parse, "same")
    _, [c] = play(analytical, [reply], parse, "same")
    assert "too_long" in d.result.signals and "too_long" not in c.result.signals
    assert d.result.feedback != c.result.feedback
    d_patience = d.state.patience - dominant.persona.patience
    c_patience = c.state.patience - analytical.persona.patience
    assert d_patience < c_patience and c.state.trust < analytical.persona.trust
    assert d.customer.event == "reacted:claim_needs_proof"
    assert c.customer.event == "objection_raised:trust"
