"""A practice call through the real engine and the trained NLU: the customer
answers what was asked, objections come from what was said, the call ends as
a real one would, and the state survives the Rasa slot."""

from __future__ import annotations

import dataclasses
import json

from salescoach import data_files
from salescoach.practice import chat_text, scorecard, session
from salescoach.practice.state import CallState
from salescoach.scoring import chinese
from tests.calls import GOOD_CALL, OBJECTION_RAISED, play


def events(turns):
    return [t.customer.event for t in turns]


def test_good_call_reveals_asked_facts_resolves_objection_and_advances(dominant, parse):
    state, turns = play(dominant, GOOD_CALL, parse)
    assert events(turns)[:2] == ["fact_revealed:situation", "fact_revealed:problem"]
    assert events(turns)[2] == "fact_revealed:implication+asked_price"
    assert state.revealed[:3] == ["backup_setup", "leeds_outage", "leeds_cost"]
    assert events(turns)[3:] == [
        "objection_raised:price",
        "root_cause:price",
        "objection_resolved:price",
        "advanced",
    ]
    assert state.outcome == "advance" and state.resolved == ["price"]
    card = scorecard.build(dominant.id, state)
    assert card["frameworks"]["objection"] >= 70
    path = card["spin_path"]["sequence"].split()
    assert path[0] == "S" and path[2] == "I"
    assert card["spin_path"]["progressed"] and not card["spin_path"]["stuck_on_situation"]
    assert set(card["skills"]) == set(scorecard.SKILLS)
    assert card["skills"]["acknowledging"] == card["skills"]["confirming"] == 100


def test_the_customer_answers_the_question_asked_not_the_next_fact(dominant, parse):
    """The issue's own examples: each first reply of a fresh call."""
    for reply, wanted in (
        ("What's your budget for this?", None),
        ("How long did the Leeds restore take?", "leeds_outage"),
        ("Who else is involved in the decision?", None),
        ("When the server died, how long were you without it?", "leeds_outage"),
        ("Who changes the tapes?", "it_team"),
    ):
        state, [turn] = play(dominant, [reply], parse)
        assert state.revealed == ([wanted] if wanted else []), reply
        if wanted is None:
            assert turn.customer.event.startswith("no_answer")


def test_a_deep_fact_needs_a_question_that_earns_it(dominant, parse):
    """A shallow question on a deep topic does not get the deep fact."""
    state, [turn] = play(dominant, ["Do you have any big customers?"], parse)
    assert not any(dominant.fact(f).level in ("implication", "need_payoff") for f in state.revealed)
    state, [turn] = play(dominant, ["What would losing the supermarket contract mean?"], parse)
    assert state.revealed == ["contract_risk"]


def test_asking_twice_gets_i_told_you_and_costs_a_dominant_customers_patience(dominant, parse):
    state, turns = play(dominant, ["How many servers do you run?"] * 2, parse)
    assert events(turns) == ["fact_revealed:situation", "repeated:situation"]
    assert (
        "Forty servers" in turns[1].customer.line
        and turns[1].customer.line != turns[0].customer.line
    )
    assert turns[1].state.patience < turns[0].state.patience - 6


def test_a_question_nothing_answers_twice_is_told_so(dominant, parse):
    _, turns = play(dominant, ["What's your budget?", "So what is the budget?"], parse)
    assert all(t.customer.event.startswith("no_answer") for t in turns)
    assert turns[0].customer.line != turns[1].customer.line
    assert "already" in turns[1].customer.line.lower() or "asked" in turns[1].customer.line.lower()


def test_no_customer_line_is_said_twice_in_a_row(dominant, parse):
    _, turns = play(dominant, ["ok", "ok", "ok", "ok"], parse)
    lines = [t.customer.line for t in turns]
    assert all(a != b for a, b in zip(lines, lines[1:]))


def test_the_price_objection_waits_for_the_price(dominant, parse):
    """No 'that's expensive' before anyone named a price: the customer asks for it."""
    replies = [
        "How many servers?",
        "Who runs IT?",
        "Do you test the tapes?",
        "How big are the depots?",
    ]
    _, turns = play(dominant, replies, parse)
    assert not any("objection_raised" in e for e in events(turns))
    assert any("asked_price" in e for e in events(turns))


def test_naming_the_price_brings_the_price_objection_at_once(dominant, parse):
    _, [turn] = play(dominant, ["Our backup service is 4,800 euros a year."], parse)
    assert turn.customer.event == "objection_raised:price"


def test_a_good_question_while_an_objection_is_open_still_gets_its_answer(dominant, parse):
    replies = [
        *GOOD_CALL[:OBJECTION_RAISED],
        "If that happened in peak season, what would you lose?",
    ]
    state, turns = play(dominant, replies, parse)
    assert turns[-1].customer.event == "fact_revealed:implication"
    assert state.revealed[-1] == "contract_risk" and state.open_objection is not None


def test_skipping_to_the_answer_gets_pushback(dominant, parse):
    replies = [*GOOD_CALL[:OBJECTION_RAISED], "It pays for itself after one incident."]
    _, turns = play(dominant, replies, parse)
    assert turns[-1].customer.event == "pushback:price"


def test_the_resolved_line_only_cites_what_was_said(dominant, parse):
    """The 'eighteen thousand' line needs the penalties fact told; without it, another line."""
    without = [GOOD_CALL[0], GOOD_CALL[3], GOOD_CALL[4], GOOD_CALL[5]]
    _, turns = play(dominant, without, parse)
    assert turns[-1].customer.event == "objection_resolved:price"
    assert "Eighteen thousand" not in turns[-1].customer.line
    _, turns = play(dominant, GOOD_CALL[:6], parse)
    assert "Eighteen thousand" in turns[-1].customer.line


def test_an_ending_never_cites_an_offer_the_rep_did_not_make(dominant, parse):
    _, turns = play(dominant, GOOD_CALL, parse)
    assert "trial" not in turns[-1].customer.line
    with_trial = [*GOOD_CALL[:-1], "Shall we set up a trial at the Leeds depot next week?"]
    _, turns = play(dominant, with_trial, parse)
    assert turns[-1].customer.event == "advanced" and "trial" in turns[-1].customer.line


def test_a_next_step_before_discovery_is_too_early(dominant, parse):
    _, [turn] = play(dominant, ["Shall we book a demo for Thursday?"], parse)
    assert turn.customer.event == "asked_price"
    _, turns = play(dominant, ["Backups are 4,800 a year.", "I hear you. What's behind that?",
                               "It pays for itself after one outage. Does that address it?",
                               "Shall we book a demo for Thursday?"], parse)  # fmt: skip
    assert turns[-1].customer.event == "reacted:next_step_too_early"


def test_statements_get_fitting_reactions_and_move_mood(dominant, analytical, parse):
    _, [pitch] = play(dominant, ["Our platform has dashboards, alerts and integrations."], parse)
    assert pitch.customer.event == "reacted:pitch_before_discovery"
    assert pitch.state.patience < dominant.persona.patience
    _, [chat] = play(dominant, ["How was your weekend?"], parse)
    assert chat.customer.event == "reacted:small_talk"
    _, [claim] = play(analytical, ["Our tool is the best on the market, everyone loves it."], parse)
    assert "claim_without_data" in claim.result.signals
    replies = [
        "When the Leeds server died, how long were you down?",
        "That must have been a really stressful two days for you.",
    ]
    _, turns = play(dominant, replies, parse)
    assert turns[-1].customer.event == "reacted:empathy"
    assert turns[-1].state.trust > turns[0].state.trust


def test_an_influential_customer_walks_away_after_arguing_pressure_and_a_threat(catalogue, parse):
    influencer = catalogue["influencer-agency-need-easy"]
    replies = [
        "You're wrong, your reports are a mess and everyone can see it.",
        "You need to sign today, this price ends tonight.",
        "If you won't decide, I'll go over your head to your business partner.",
    ]
    state, turns = play(influencer, replies, parse)
    assert state.outcome == "walk_away" and len(turns) <= 3


def test_customer_walks_away_when_patience_runs_out(dominant, parse):
    rude = "Our platform is the best, with dashboards, modules and AI features. " * 6
    state, turns = play(dominant, [rude] * 12, parse)
    assert state.outcome == "walk_away"
    assert len(turns) < 12


def test_call_stalls_at_max_turns(analytical, parse):
    state, turns = play(analytical, ["ok"] * 40, parse)
    assert state.ended and len(turns) <= analytical.max_turns


def test_d_and_c_react_differently_to_the_same_reply(dominant, analytical, parse):
    reply = "Our platform is the best on the market. Everyone loves it and it is amazing."
    _, [d] = play(dominant, [reply], parse)
    _, [c] = play(analytical, [reply], parse)
    assert "claim_without_data" in c.result.signals
    assert c.result.score < d.result.score
    assert c.state.trust < analytical.persona.trust


def test_same_seed_same_lines_different_seed_varies(dominant, parse):
    a = [t.customer.line for t in play(dominant, GOOD_CALL, parse, "s1")[1]]
    b = [t.customer.line for t in play(dominant, GOOD_CALL, parse, "s1")[1]]
    openings = {session.start(dominant, f"seed{i}")[1] for i in range(20)}
    assert a == b and len(openings) > 1


def test_state_goes_through_the_rasa_slot_unchanged(dominant, parse):
    state, _ = play(dominant, GOOD_CALL[:5], parse)
    slot = json.loads(json.dumps(state.to_slot()))
    assert CallState.from_slot(slot) == state
    assert CallState.from_slot({"scenario_id": 3}) is None
    assert CallState.from_slot("not a state") is None


def test_hint_follows_the_next_step(dominant, parse):
    state, _ = play(dominant, GOOD_CALL[:OBJECTION_RAISED], parse)
    assert "price objection" in chat_text.hint(dominant, state)
    assert "Acknowledge" in chat_text.hint(dominant, state)
    fresh, _ = session.start(dominant, "h")
    assert "problem question" in chat_text.hint(dominant, fresh)


def test_scorecard_text_lists_every_framework(dominant, parse):
    state, _ = play(dominant, GOOD_CALL, parse)
    text = chat_text.scorecard(scorecard.build(dominant.id, state))
    for label in ("SPIN questions", "Sandwich", "Objection handling", "Question mix"):
        assert label in text


def test_a_trigger_signal_brings_the_objection_forward(dominant, parse):
    pressured = dataclasses.replace(
        dominant,
        objections=(dataclasses.replace(dominant.objections[0], raise_when=("pressure",)),),
        customer_knows=("price",),
    )
    reply = "You need to decide today, this offer ends today."
    _, [calm] = play(dominant, [reply], parse)
    _, [triggered] = play(pressured, [reply], parse)
    assert "pressure" in triggered.result.signals
    assert calm.customer.event != "objection_raised:price"
    assert triggered.customer.event == "objection_raised:price"


def test_a_chinese_reply_in_an_english_call_earns_nothing_and_says_so_in_chinese(dominant, parse):
    state, _ = session.start(dominant, "zh")
    turn = session.take_turn(
        dominant, state, "你们现在的备份是怎么做的？", parse("你们现在的备份是怎么做的？")
    )
    assert turn.result.score == 0 and turn.result.signals == ["not_english"]
    assert "英文" in turn.result.feedback[0]
    assert not turn.state.revealed
    assert turn.customer.event.startswith("reacted:unreadable")


def test_a_chinese_call_hears_chinese_and_answers_in_the_scenarios_script(catalogue, parse):
    logistics = catalogue["zh-hant-logistics-tracking-timing-analytical"]
    state, opening = session.start(logistics, "zh-call")
    assert opening in [line.text for line in logistics.opening]
    asked = "你們每日大概出多少單？有幾個倉？"
    turn = session.take_turn(logistics, state, asked, parse(asked))
    assert turn.result.language == "zh-Hant" and turn.result.spin
    assert turn.state.revealed == ["network_volume"]
    assert turn.customer.line == logistics.fact("network_volume").text
    simplified = "你们今年的预算大概有多少？"
    budget = session.take_turn(logistics, turn.state, simplified, parse(simplified))
    assert budget.customer.event.startswith("no_answer") and budget.state.revealed == [
        "network_volume"
    ]
    assert budget.customer.line in {chinese.traditional(t) for t in _defaults("C", "no_answer")}


def test_an_english_reply_in_a_chinese_call_earns_nothing_and_says_so_in_english(catalogue, parse):
    logistics = catalogue["zh-hant-logistics-tracking-timing-analytical"]
    state, _ = session.start(logistics, "en-in-zh")
    reply = "How many parcels do you ship a day?"
    turn = session.take_turn(logistics, state, reply, parse(reply))
    assert turn.result.score == 0 and turn.result.signals == ["not_chinese"]
    assert "Chinese" in turn.result.feedback[0] and not turn.state.revealed
    assert turn.customer.line in {chinese.traditional(t) for t in _defaults("C", "unreadable")}


def _defaults(disc: str, reaction: str) -> list[str]:
    return data_files.load("customer.zh")["reactions"][disc][reaction]
