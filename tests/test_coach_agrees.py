"""The coach never contradicts itself: score, tips, hit and missed chips, the
scorecard's advice and the customer's reaction come from one judgement of a
reply. Checked as properties over every labelled reply, and on whole calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescoach import data_files
from salescoach.practice import scorecard
from salescoach.practice.state import TurnRecord
from salescoach.scoring import Context, evaluate, reply, score_reply
from salescoach.web import coach_panel
from tests.calls import play

DATA = Path(__file__).parent / "data"
LABELLED = sorted([*DATA.glob("*.jsonl"), *(DATA / "zh").glob("*.jsonl")])
TIPS = data_files.load("tips")
SIGNAL_OF_TIP = {
    reply.tip_text(name, language): name
    for name in TIPS
    for language in ("en", "zh-Hans", "zh-Hant")
}
CORRECTS_A_QUESTION_TYPE = {
    "move_to_implication": "implication",
    "move_to_need_payoff": "need_payoff",
}


def scored_examples():
    for path in LABELLED:
        for example in evaluate.load(path):
            yield example, score_reply(example.text, example.context)


@pytest.fixture(scope="module")
def scored():
    return list(scored_examples())


def test_a_top_score_carries_praise_only(scored):
    top = [(e, r) for e, r in scored if r.score >= reply.TOP_SCORE]
    assert top, "no reply in the labelled sets scores at the top"
    for example, result in top:
        assert result.feedback == [reply.tip_text("well_done", result.language)], example.id


def test_no_tip_corrects_what_the_reply_did(scored):
    checked = 0
    for example, result in scored:
        shown = {SIGNAL_OF_TIP[tip] for tip in result.feedback}
        types = {q.type for q in result.spin}
        for signal in shown:
            undone = set(TIPS[signal].get("undone_by", ())) & set(result.objection_steps)
            assert not undone, (example.id, signal)
            if signal in CORRECTS_A_QUESTION_TYPE:
                assert CORRECTS_A_QUESTION_TYPE[signal] not in types, (example.id, signal)
        if result.spin:
            assert "no_question" not in shown, example.id
        wrap = result.sandwich
        assert not (wrap.opening and "sandwich_opening" in shown), example.id
        assert not (wrap.closing and "sandwich_closing" in shown), example.id
        checked += bool(shown)
    assert checked > 500


def test_pressure_is_never_credited_as_a_next_step_or_a_closing():
    result = score_reply(
        "If you sign today I can lock in that price. Shall I send the contract now?",
        Context(persona="I"),
    )
    assert "pressure" in result.signals
    assert "next_step" not in result.signals
    assert not result.sandwich.closing
    assert TIPS["pressure"]["tip"] in result.feedback
    assert result.score < 50


def test_an_argument_is_not_credited_as_a_core_message():
    """Disagreeing by arguing is hard news, but the rep is told not to argue: no
    "core message" evidence and no sandwich points to say otherwise."""
    argument = "Trust me, everyone loves us. You'd be crazy not to switch."
    result = score_reply(argument, Context(objection="trust", persona="S"))
    assert result.sandwich.applies and "arguing" in result.signals
    assert result.sandwich.score == 0
    assert not any("core message" in e["note"] for e in result.evidence)
    assert not {"sandwich_opening", "sandwich_closing"} & set(result.signals)
    assert result.score == 0
    news = score_reply("The renewal comes in at 14,200, up from 11,900.", Context())
    assert any("core message" in e["note"] for e in news.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Your claim for the flood damage falls outside what the policy covers.",
        "Sales at the Bristol store finished the quarter at 71% of the target we agreed.",
        "The Model 7 dishwasher is being withdrawn from the range at the end of May.",
    ],
)
def test_hard_news_without_a_cue_word_gets_sandwich_tips_first(text):
    """A declined claim, a shortfall, a discontinuation: no "unfortunately", no "can't"."""
    result = score_reply(text)
    assert result.sandwich.applies and result.sandwich.core_sentence == text
    assert result.feedback[0] == TIPS["sandwich_opening"]["tip"]
    assert TIPS["no_question"]["tip"] not in result.feedback


def test_hard_news_without_a_cue_word_through_a_call(dominant, parse):
    news = "Sales at the Bristol store finished the quarter at 71% of the target we agreed."
    state, turns = play(dominant, [news], parse, seed="ci")
    panel = coach_panel.payload(turns[-1].result.to_json(), state)
    assert panel["hit"] == ["sandwich core"]
    assert panel["missed"] == ["sandwich opening", "sandwich closing"]
    assert state.turns[-1].sandwich_parts == ["core"]


def test_a_proposed_next_step_is_a_hit(dominant, parse):
    state, turns = play(dominant, ["Shall I come in on Tuesday to look at the server?"], parse)
    panel = coach_panel.payload(turns[-1].result.to_json(), state)
    assert "next step" in panel["hit"] and panel["missed"] == []
    assert any(e["note"] == "a concrete next step" for e in panel["evidence"])


def record(spin=(), signals=(), steps=(), objection=None, score=60) -> TurnRecord:
    return TurnRecord(
        score=score,
        spin=list(spin),
        open=[True] * len(spin),
        sandwich=None,
        sandwich_parts=None,
        objection=objection,
        steps=list(steps),
        signals=list(signals),
    )


def test_the_scorecard_never_advises_what_the_call_went_on_to_do():
    turns = [
        record(["problem"], ["move_to_implication", "no_warmth"]),
        record(["implication"], ["move_to_need_payoff", "no_warmth"]),
        record(["need_payoff"], ["no_warmth"], score=100),
    ]
    advice = scorecard._work_on(turns)
    assert TIPS["move_to_implication"]["tip"] not in advice
    assert TIPS["move_to_need_payoff"]["tip"] not in advice


def test_a_call_without_questions_fails_spin_and_is_told_to_ask(dominant):
    from salescoach.practice.state import CallState

    state = CallState(scenario_id=dominant.id, seed="ci", patience=50, trust=50)
    state.turns = [
        record(signals=["no_question", "no_warmth"]),
        record(signals=["no_question", "no_warmth"]),
    ]
    card = scorecard.build(dominant.id, state)
    assert card["frameworks"]["spin"] == 0
    assert card["work_on"][0] == TIPS["no_question"]["tip"]
