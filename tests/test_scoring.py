from __future__ import annotations

import pytest

from salescoach import data_files
from salescoach.scoring import BadInput, Context, score_reply
from salescoach.scoring import reply as reply_module


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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We can start with one site next month, would that work?", "timing"),
        ("我们可以先从一个门店试点三个月，合同里写明效果不达标全额退款，您看行吗？", "trust"),
    ],
)
def test_an_offer_ending_in_a_check_is_an_answer_and_a_confirm(text, kind):
    """The lead clauses of a question tell: the offer answers, the tail checks it."""
    steps = score_reply(text, Context(objection=kind, persona="S")).objection_steps
    assert steps == ["answer", "confirm"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Just to check, does that settle the timing for you?", "timing"),
        ("这样分阶段上，时间上还有什么顾虑吗？", "timing"),
        ("想多听你说说，是什么让你觉得不太需要这样一套系统？", "need"),
    ],
)
def test_a_short_lead_clause_is_the_questions_topic_not_an_answer(text, kind):
    steps = score_reply(text, Context(objection=kind, persona="S")).objection_steps
    assert "answer" not in steps and steps


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


@pytest.mark.parametrize(
    ("text", "aside"),
    [
        ("Did you know our platform cuts costs by 30%?", "pitch_question"),
        ("Wouldn't you love a dashboard that does all that?", "pitch_question"),
        ("That's a no-brainer, don't you agree?", "tag_question"),
        ("Does that address your concern?", None),
        ("Shall we book a demo for Tuesday?", None),
        ("How was your weekend?", None),
    ],
)
def test_questions_that_do_not_ask_for_information_are_not_spin(text, aside):
    result = score_reply(text)
    assert result.spin == []
    if aside:
        assert aside in result.signals


def test_requests_and_joined_questions_are_found():
    [walk] = score_reply("Before I pitch anything, walk me through how quotes work today.").spin
    assert (walk.type, walk.open) == ("situation", True)
    two = score_reply("What system do you use for scheduling, and who manages it?").spin
    assert [q.type for q in two] == ["situation", "situation"]
    follow_up = score_reply(
        "What happens downstream when a shipment misses the cutoff? Does it end in chargebacks?"
    ).spin
    assert [q.type for q in follow_up] == ["implication", "implication"]


def test_a_solved_future_is_need_payoff_and_a_probe_is_a_problem_question():
    [q] = score_reply("If reminders went out automatically, how much time would that free up?").spin
    assert q.type == "need_payoff"
    [probe] = score_reply("What are you comparing it to?", Context(objection="price")).spin
    assert probe.type == "problem"


def test_dismissive_acknowledgement_and_restating_are_not_steps():
    ctx = Context(objection="trust")
    assert (
        score_reply("I understand, but everyone says that about new vendors.", ctx).objection_steps
        == []
    )
    restated = score_reply("That's fair, a security vendor should have to earn your trust.", ctx)
    assert restated.objection_steps == ["acknowledge"]
    both = score_reply("I hear you, and that's why we offer a 30-day pilot with references.", ctx)
    assert both.objection_steps == ["acknowledge", "answer"]
    unknown = score_reply("That's a fair concern, you've never heard of us.", ctx)
    assert unknown.objection_steps == ["acknowledge"]


def test_hard_news_without_cue_words_is_found():
    for text in (
        "The mobile app is iOS only at the moment, there's no Android version yet.",
        "Our SLA doesn't cover weekends.",
        "It's an add-on at $400 a month.",
    ):
        assert score_reply(text).sandwich.applies, text
    assert not score_reply("It doesn't take long to set up.").sandwich.applies


def test_benefit_tied_to_the_customers_words_is_credited():
    tied = score_reply(
        "You mentioned the tape swaps eat Fridays, so automatic backups give you those back."
    )
    assert "tied_benefit" in tied.signals
    assert tied.score > score_reply("Automatic backups give you Fridays back.").score


def test_other_languages_and_html_get_a_clear_result():
    german = score_reply("Wie viel kostet Sie ein Tag Stillstand in der Produktion?")
    assert german.signals == ["not_english"] and "English" in german.feedback[0]
    html = score_reply(
        "<p>Thanks.</p><p>What happens to your <b>close</b> when the feeds break?</p>"
    )
    assert [q.sentence for q in html.spin] == ["What happens to your close when the feeds break?"]


def test_same_reply_lands_differently_on_d_and_c():
    ramble = (
        "So we have been around for a long time and we do a lot of things for a lot of "
        "companies, and honestly our platform is the best on the market, everyone loves it, "
        "and there is really so much I could tell you about every module and every screen "
        "and all the ways teams use it day to day across every department you can think of."
    )
    d = score_reply(ramble, Context(persona="D"))
    c = score_reply(ramble, Context(persona="C"))
    assert "too_long" in d.signals and "too_long" not in c.signals
    assert "claim_without_data" in c.signals
    assert d.feedback != c.feedback


@pytest.mark.parametrize(
    ("reply", "tip"),
    [
        ("How do you back up the depot servers today?", "ask_problem"),
        ("Who would sign off on the contract?", "ask_problem"),
    ],
)
def test_a_middling_question_gets_the_next_rung_of_the_ladder_not_a_bare_score(reply, tip):
    result = score_reply(reply)
    assert result.score < reply_module.WELL_DONE_SCORE
    assert result.feedback == [data_files.load("tips")[tip]["tip"]]


def test_a_check_before_any_answer_earns_nothing_and_says_what_comes_first():
    result = score_reply(
        "Does that help with the worry about us being a smaller company?",
        Context(objection="trust", persona="C"),
    )
    assert result.score <= 20
    assert result.feedback == [data_files.load("tips")["acknowledge_first"]["tip"]]
