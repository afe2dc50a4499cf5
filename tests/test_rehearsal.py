from __future__ import annotations

from pathlib import Path

import pytest

from salescoach.practice import rehearsal, scenario, session
from tests.test_cli import run

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SCRIPTS = sorted(SCENARIOS.glob("*.test.yml"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_shipped_scenario_passes_its_own_script(script, catalogue):
    result = rehearsal.rehearse(script, catalogue)
    assert result.passed, rehearsal.report(result)
    assert len(result.steps) >= 2


def test_every_scenario_has_a_script(catalogue):
    scripted = {scenario.validated(p, "scenario_test")["scenario"] for p in SCRIPTS}
    assert scripted == set(catalogue)


def test_shipped_content_covers_every_persona_and_objection_twice(catalogue):
    personas = [s.persona.disc for s in catalogue.values()]
    kinds = [o.kind for s in catalogue.values() for o in s.objections]
    assert len(catalogue) >= 10
    assert all(personas.count(d) >= 2 for d in "DISC")
    assert all(kinds.count(k) >= 2 for k in ("price", "trust", "need", "timing", "change"))
    assert len({s.industry for s in catalogue.values()}) >= 4
    assert {s.difficulty for s in catalogue.values()} == {"easy", "medium", "hard"}


def test_a_failing_step_says_what_was_expected(tmp_path, catalogue):
    script = tmp_path / "x.test.yml"
    script.write_text(
        "scenario: logistics-backup-dominant\n"
        "runs:\n"
        "  - name: wrong expectation\n"
        "    steps:\n"
        "      - say: How many servers do you have?\n"
        "        expect: {event: objection_raised, score: [90, 100]}\n"
    )
    result = rehearsal.rehearse(script, catalogue)
    [step] = result.steps
    assert not step.passed
    assert "expected the customer to objection_raised, got fact_revealed:situation" in step.failures
    assert any("expected a score in 90-100" in f for f in step.failures)
    cli = run("scenario", "test", str(script))
    assert cli.exit_code == 1 and "FAIL" in cli.stdout


def test_a_broken_script_names_file_line_and_field(tmp_path):
    script = tmp_path / "x.test.yml"
    script.write_text(
        "scenario: logistics-backup-dominant\nruns:\n  - name: r\n    steps:\n"
        "      - say: Hi\n        expct: {event: filler}\n"
    )
    result = run("scenario", "test", str(script))
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{script}:6: runs[0].steps[0].expct: unknown field" in result.stderr


def test_new_scaffolds_a_valid_playable_scenario_reps_can_pick(tmp_path):
    (tmp_path / "a.yml").write_text((SCENARIOS / "logistics_backup_dominant.yml").read_text())
    args = [
        "scenario",
        "new",
        "gym-price",
        "--persona",
        "I",
        "--objection",
        "price",
        "--objection",
        "timing",
        "--difficulty",
        "easy",
        "--dir",
        str(tmp_path),
    ]
    assert run(*args).exit_code == 0
    made = scenario.load(tmp_path / "gym_price.yml")
    assert (made.persona.disc, [o.kind for o in made.objections]) == ("I", ["price", "timing"])
    assert "gym-price" in scenario.load_dir(tmp_path)
    assert run("scenario", "test", "--dir", str(tmp_path)).exit_code == 0
    again = run(*args)
    assert again.exit_code == 2 and "already used" in again.stderr


def test_d_and_c_react_differently_to_the_same_reply(catalogue):
    reply = (
        "Our platform is honestly the best and most amazing tool out there, everyone loves it, "
        "and it has dashboards, integrations, modules, automated reports and a mobile app, and "
        "we keep adding features every month because our team is world-class and we really do "
        "believe there is nothing else like it on the market for a business like yours today, "
        "so let me walk you through every single one of those features in detail right now."
    )
    dominant = catalogue["logistics-backup-dominant"]
    analytical = catalogue["clinic-scheduling-analytical"]
    d_state, _ = session.start(dominant, "same")
    c_state, _ = session.start(analytical, "same")
    d = session.take_turn(dominant, d_state, reply)
    c = session.take_turn(analytical, c_state, reply)
    assert "too_long" in d.result.signals and "too_long" not in c.result.signals
    assert d.result.feedback != c.result.feedback
    d_patience = d.state["patience"] - d_state["patience"]
    c_patience = c.state["patience"] - c_state["patience"]
    c_trust = c.state["trust"] - c_state["trust"]
    assert d_patience < c_patience and c_trust < 0
    assert d.customer.event == "objection_raised:price"
