"""What the web page's coach panel says after a reply, from the real engine."""

from __future__ import annotations

from salescoach.practice import scorecard
from salescoach.web import coach_panel
from tests.calls import GOOD_CALL, OBJECTION_RAISED, play


def panel_after(scenario, replies, parse):
    state, turns = play(scenario, replies, parse, seed="ci")
    return coach_panel.payload(turns[-1].result.to_json(), state)


def test_a_discovery_question_is_a_hit_and_nothing_is_missed(dominant, parse):
    panel = panel_after(dominant, GOOD_CALL[:1], parse)
    assert panel["hit"] == ["situation question"] and panel["missed"] == []
    assert panel["evidence"][0]["sentence"] == "How do you back up the depot servers today?"


def test_acknowledge_and_probe_miss_nothing_the_answer_comes_next(dominant, parse):
    panel = panel_after(dominant, GOOD_CALL[: OBJECTION_RAISED + 1], parse)
    assert panel["hit"] == ["problem question", "acknowledge", "probe"] and panel["missed"] == []


def test_a_statement_misses_a_question(dominant, parse):
    panel = panel_after(dominant, ["We are the market leader in backup."], parse)
    assert "a SPIN question" in panel["missed"]


def test_an_open_objection_names_the_next_step_missed(dominant, parse):
    """Answering the price objection at once skips acknowledge and probe."""
    replies = [*GOOD_CALL[:OBJECTION_RAISED], "It pays for itself after one incident."]
    panel = panel_after(dominant, replies, parse)
    assert panel["missed"][:2] == ["objection step: acknowledge", "objection step: probe"]
    assert "answer" in panel["hit"]


def test_hard_news_without_a_closing_misses_the_sandwich_closing(dominant, parse):
    panel = panel_after(dominant, ["I hear you. The price is 20,000 a year."], parse)
    assert "sandwich closing" in panel["missed"] and "sandwich opening+core" in panel["hit"]


def test_the_scorecard_card_has_three_frameworks_and_two_things_to_work_on(dominant, parse):
    state, _ = play(dominant, ["We are the best.", "Our product is great.", "Buy it now."], parse)
    card = coach_panel.scorecard(scorecard.build(dominant.id, state))
    assert [f["label"] for f in card["frameworks"]] == [
        "SPIN questions",
        "Sandwich",
        "Objection handling",
    ]
    assert 1 <= len(card["work_on"]) <= 2


def test_no_step_while_an_objection_is_open_misses_the_next_one(dominant, parse):
    panel = panel_after(
        dominant, [*GOOD_CALL[:OBJECTION_RAISED], "How many depots do you run?"], parse
    )
    assert panel["missed"] == ["objection step: acknowledge"]
