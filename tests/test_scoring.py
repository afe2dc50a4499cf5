from __future__ import annotations

import pytest

from salescoach.scoring import BadInput, Context, score_reply


@pytest.mark.parametrize(
    ("text", "kind", "is_open"),
    [
        ("How do you back up your servers today?", "situation", True),
        ("What is the hardest part of changing the tapes?", "problem", True),
        ("What did that outage cost you in penalties?", "implication", True),
        ("How would it help if you could restore in an hour?", "need_payoff", True),
        ("Are you happy with the restore times?", "problem", False),
        ("Tell me about your current setup.", "situation", True),
    ],
)
def test_spin_type_and_openness(text, kind, is_open):
    [question] = score_reply(text).spin
    assert (question.type, question.open) == (kind, is_open)


def test_tag_statement_is_not_a_question():
    result = score_reply("That saves you money, right?")
    assert result.spin == []
    assert "tag_question" in result.signals


def test_implication_beats_situation_and_piling_is_not_rewarded():
    one = score_reply("What does a day of downtime cost you?").score
    pile = score_reply("How many servers? Which depots? What OS? Who changes tapes?").score
    assert one > pile
    assert "situation_pile" in score_reply("How many servers? Which depots? What OS?").signals


def test_sandwich_partial_credit():
    full = score_reply(
        "Great question. Unfortunately the price is fixed. "
        "It pays for itself; shall we book a demo?"
    ).sandwich
    bare = score_reply("Unfortunately the price is fixed.").sandwich
    assert (full.applies, full.opening, full.core, full.closing) == (True, True, True, True)
    assert bare.applies and not bare.opening and not bare.closing
    assert full.score > bare.score > 0
    assert not score_reply("How do you book appointments?").sandwich.applies


def test_objection_steps_in_order_beat_skipping_to_the_answer():
    ctx = Context(objection="price", persona="D")
    good = score_reply("I understand, that's a fair concern. What are you comparing it to?", ctx)
    skip = score_reply("It pays for itself in four months.", ctx)
    assert good.objection_steps == ["acknowledge", "probe"]
    assert good.score > skip.score
    assert "acknowledge_first" in skip.signals


def test_answer_must_fit_the_objection_kind():
    ctx = Context(objection="trust", done_steps=("acknowledge", "probe"))
    wrong = score_reply("It pays for itself within a year.", ctx)
    right = score_reply("Three clinics like yours will take your call as references.", ctx)
    assert "answer" not in wrong.objection_steps and "answer_wrong_kind" in wrong.signals
    assert "answer" in right.objection_steps and right.score > wrong.score


def test_arguing_costs_points():
    ctx = Context(objection="price")
    assert (
        score_reply("You're wrong, it is not expensive.", ctx).score
        < score_reply("I hear you. What are you comparing it to?", ctx).score
    )


def test_persona_weights_change_the_score():
    hype = "Our platform is the best and most amazing tool on the market, everyone loves it."
    assert (
        score_reply(hype, Context(persona="C")).score
        < score_reply(hype, Context(persona="I")).score
    )
    ramble = " ".join(["We really do think our approach to backup is quite different."] * 8)
    assert "too_long" in score_reply(ramble, Context(persona="D")).signals
    assert "too_long" not in score_reply(ramble, Context(persona="S")).signals


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n ",
        "😀🔥👍",
        "<script>alert('x')</script>",
        "x" * 10_000,
        "Wie viel kostet das?",
        "价格太贵了",
        "a" + "?" * 5000,
        "\x00\x01",
    ],
)
def test_odd_input_gets_a_result_not_an_exception(text):
    result = score_reply(text).to_json()
    assert 0 <= result["score"] <= 100
    assert 1 <= len(result["feedback"]) <= 2 or result["score"] > 0


def test_at_most_two_tips():
    text = "Our product is the best. It has dashboards. It integrates. Sign today only."
    assert len(score_reply(text, Context(persona="S")).feedback) <= 2


def test_context_rejects_unknown_values():
    with pytest.raises(BadInput, match="objection must be one of"):
        Context.from_json({"objection": "cost"})
    with pytest.raises(BadInput, match="unknown context"):
        Context.from_json({"mood": "grumpy"})
