from __future__ import annotations

import dataclasses

from salescoach.practice import chat_text, scorecard, session
from tests.calls import GOOD_CALL


def play(scenario, replies, seed="t"):
    state, _ = session.start(scenario, seed)
    turns = []
    for reply in replies:
        turn = session.take_turn(scenario, state, reply)
        state = turn.state
        turns.append(turn)
        if state["ended"]:
            break
    return state, turns


def test_good_call_reveals_facts_resolves_objection_and_advances(dominant):
    state, turns = play(dominant, GOOD_CALL)
    events = [t.customer.event for t in turns]
    assert events[:3] == [
        "fact_revealed:situation",
        "fact_revealed:problem",
        "objection_raised:price",
    ]
    assert "root_cause:price" in events and "objection_resolved:price" in events
    assert state["outcome"] == "advance" and state["resolved"] == ["price"]
    card = scorecard.build(dominant.id, state)
    assert card["frameworks"]["objection"] >= 70
    assert card["spin_mix"]["problem"] >= 1
    assert card["spin_path"]["sequence"].startswith("S P I")
    assert card["spin_path"]["progressed"] and not card["spin_path"]["stuck_on_situation"]
    assert set(card["skills"]) == set(scorecard.SKILLS)
    assert card["skills"]["acknowledging"] == card["skills"]["confirming"] == 100


def test_piling_situation_questions_shows_in_the_scorecard(dominant):
    replies = [
        "How many depots do you run?",
        "Which backup software do you use?",
        "Who changes the tapes at each depot?",
    ]
    state, _ = play(dominant, replies)
    card = scorecard.build(dominant.id, state)
    assert card["spin_path"]["stuck_on_situation"] and not card["spin_path"]["progressed"]
    assert card["skills"]["implication_and_need_payoff"] == 0
    assert card["skills"]["spin_progression"] == 25
    assert card["skills"]["acknowledging"] is None
    assert (
        card["frameworks"]["spin"]
        < scorecard.build(dominant.id, play(dominant, GOOD_CALL)[0])["frameworks"]["spin"]
    )


def test_skipping_to_the_answer_gets_pushback(dominant):
    replies = [*GOOD_CALL[:3], "It pays for itself after one incident."]
    _, turns = play(dominant, replies)
    assert turns[-1].customer.event == "pushback:price"


def test_customer_walks_away_when_patience_runs_out(dominant):
    rude = "Our platform is the best, with dashboards, modules and AI features. " * 6
    state, turns = play(dominant, [rude] * 12)
    assert state["outcome"] == "walk_away"
    assert len(turns) < 12


def test_call_stalls_at_max_turns(analytical):
    state, turns = play(analytical, ["ok"] * 40)
    assert state["ended"] and len(turns) <= analytical.max_turns


def test_d_and_c_react_differently_to_the_same_reply(dominant, analytical):
    reply = "Our platform is the best on the market. Everyone loves it and it is amazing."
    d = session.take_turn(dominant, session.start(dominant, "x")[0], reply)
    c = session.take_turn(analytical, session.start(analytical, "x")[0], reply)
    assert "claim_without_data" in c.result.signals
    assert c.result.score < d.result.score
    assert c.state["trust"] < analytical.persona.trust


def test_same_seed_same_lines_different_seed_varies(dominant):
    a = [t.customer.line for t in play(dominant, GOOD_CALL, "s1")[1]]
    b = [t.customer.line for t in play(dominant, GOOD_CALL, "s1")[1]]
    openings = {session.start(dominant, f"seed{i}")[1] for i in range(20)}
    assert a == b and len(openings) > 1


def test_state_is_json_serialisable_for_the_rasa_slot(dominant):
    import json

    state, _ = play(dominant, GOOD_CALL[:4])
    assert json.loads(json.dumps(state)) == state


def test_hint_follows_the_next_step(dominant):
    state, _ = play(dominant, GOOD_CALL[:3])
    assert "price objection" in chat_text.hint(dominant, state)
    assert "Acknowledge" in chat_text.hint(dominant, state)
    fresh, _ = session.start(dominant, "h")
    assert "problem question" in chat_text.hint(dominant, fresh)


def test_scorecard_text_lists_every_framework(dominant):
    state, _ = play(dominant, GOOD_CALL)
    text = chat_text.scorecard(scorecard.build(dominant.id, state))
    for label in ("SPIN questions", "Sandwich", "Objection handling", "Question mix"):
        assert label in text


def test_a_trigger_signal_brings_the_objection_forward(dominant):
    pressured = dataclasses.replace(
        dominant,
        objections=(dataclasses.replace(dominant.objections[0], raise_when=("pressure",)),),
    )
    reply = "You need to decide today, this offer ends today."
    _, [calm] = play(dominant, [reply])
    _, [triggered] = play(pressured, [reply])
    assert "pressure" in triggered.result.signals
    assert calm.customer.event != "objection_raised:price"
    assert triggered.customer.event == "objection_raised:price"
