"""What the customer makes of a reply: Rasa's parse and the scorer's reading
combined into one judgement (unit tests with hand-made parses), and the
trained NLU giving the same parse to the CLI as to the chat."""

from __future__ import annotations

from salescoach.practice.understanding import understand
from salescoach.scoring import score_reply


def parse(intent: str, confidence: float = 0.9, topics: dict[str, float] | None = None, **more):
    ranking = [{"name": intent, "confidence": confidence}] + [
        {"name": n, "confidence": p} for n, p in more.items()
    ]
    return {
        "intent": ranking[0],
        "intent_ranking": ranking,
        "topic_ranking": [{"name": t, "confidence": p} for t, p in (topics or {}).items()],
    }


def heard(text: str, nlu: dict | None):
    return understand(text, nlu, score_reply(text))


def test_a_question_the_scorer_finds_comes_first_whatever_the_intent():
    text = "Thanks for your time, Dana. How do you back up the servers today?"
    u = heard(text, parse("make_small_talk", 0.6, ask_question=0.3))
    assert u.moves[0] == "question" and "small_talk" in u.moves
    assert u.questions == ("How do you back up the servers today?",)


def test_only_the_nlu_may_hear_a_question_the_scorer_missed():
    u = heard("your budget", parse("ask_question", 0.8, topics={"budget_spend": 0.9}))
    assert u.move == "question" and u.questions == ("your budget",) and u.topic == "budget_spend"


def test_small_talk_the_nlu_is_sure_of_is_marked_chatty():
    """The customer chats back if no fact answers it (test_session), answers if one does."""
    u = heard("How was the Ferraro wedding?", parse("make_small_talk", 0.85))
    assert u.chatty and u.move == "question"
    assert not heard("How was the wedding?", parse("make_small_talk", 0.6, ask_question=0.3)).chatty


def test_off_topic_needs_a_sure_intent():
    text = "What's the capital of Peru?"
    assert heard(text, parse("out_of_scope", 0.9)).move == "off_topic"
    assert heard(text, parse("out_of_scope", 0.4, ask_question=0.3)).move == "question"


def test_pressure_and_arguing_outrank_everything_else():
    u = heard("You're wrong. Sign today or the price goes up.", parse("apply_pressure"))
    assert u.moves[:2] == ("argue", "pressure")


def test_depth_comes_from_spin_type_or_topic_levels():
    assert heard("How many sites do you have?", parse("ask_question")).depth == 0
    u = heard("And the knock-on?", parse("ask_question", topics={"cost_of_problem": 0.5}))
    assert u.depth == 2
    assert heard("What would it be worth to you?", parse("ask_question")).depth == 3


def test_price_named_in_a_statement_but_not_in_a_question():
    assert heard("Our licence is 4,800 euros a year.", parse("make_claim")).price_talk
    assert "4800" in heard("It's 4,800 a year.", parse("make_claim")).amounts
    asked = heard("What do you pay for backups today?", parse("ask_question"))
    assert not asked.price_talk and asked.amounts == ()


def test_pushing_to_sign_is_a_next_step_with_a_commitment():
    assert heard("Shall we sign the contract today?", parse("propose_next_step")).push_to_sign
    assert not heard("Shall we book a demo for Tuesday?", parse("propose_next_step")).push_to_sign


def test_without_a_parse_the_scorer_alone_is_heard():
    assert heard("How many depots do you run?", None).move == "question"
    assert heard("ok", None).move == "filler"


def test_the_trained_nlu_tells_moves_and_topics(parse):
    """The model in models/ (the Rasa server's) classifies replies it never saw."""
    budget = parse("What have you set aside for this project?")
    assert budget["intent"]["name"] == "ask_question"
    assert budget["topic"]["name"] == "budget_spend"
    assert len(budget["topic_ranking"]) == 5
    assert parse("Can I come over on Thursday to show you?")["intent"]["name"] == (
        "propose_next_step"
    )
    assert parse("")["intent"]["name"]  # an empty message still parses
