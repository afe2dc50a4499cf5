"""Which fact answers a question: unit tests on a small scenario with
hand-made understandings, so each rule (answer, repeat, depth, topic, nothing)
is seen alone. The real thing is measured by `salescoach eval` on the listening
sets and played in test_session.py."""

from __future__ import annotations

import dataclasses

import pytest

from salescoach.practice import listening
from salescoach.practice.scenario import Fact
from salescoach.practice.understanding import Understanding


@pytest.fixture
def shop(dominant):
    facts = (
        Fact("stores", "situation", "We have eleven stores.", ("size_volume",),
             ("How many stores do you have?", "How big is the chain?")),
        Fact("miscounts", "problem", "The stock figures are never right.",
             ("errors_quality", "difficulties"),
             ("Are your stock numbers accurate?", "Does the till match the shelf?")),
        Fact("lost_sales", "implication", "We lost 60,000 pounds of sales last spring.",
             ("cost_of_problem",),
             ("What do the stockouts cost you?", "How much revenue do you lose?")),
        Fact("calm", "need_payoff", "The staff could finally say yes to customers.",
             ("solution_value",), ("What would accurate stock mean for your staff?",)),
    )  # fmt: skip
    return dataclasses.replace(dominant, facts=facts, synonyms={})


def miscounts_saying(scenario, text):
    """The scenario with its miscounts fact (the second) reworded."""
    fact = dataclasses.replace(scenario.facts[1], text=text)
    return dataclasses.replace(scenario, facts=(scenario.facts[0], fact, *scenario.facts[2:]))


def asked(question, depth=0, topics=()):
    return Understanding(
        moves=("question",), topics=tuple(topics), questions=(question,), depth=depth
    )


def test_the_fact_that_answers_is_told(shop):
    result = listening.listen(shop, asked("How many stores are in the chain?"), [])
    assert (result.kind, result.fact.id) == ("answer", "stores")


def test_a_question_nothing_answers_gets_nothing(shop):
    result = listening.listen(
        shop, asked("Who is your accountant?", topics=[("people_roles", 0.4)]), []
    )
    assert result.kind == "none" and result.fact is None


def test_a_deep_fact_waits_for_a_deep_question(shop):
    shallow = listening.listen(shop, asked("How much revenue do you lose?", depth=0), [])
    assert shallow.kind == "withheld" and shallow.fact.id == "lost_sales"
    deep = listening.listen(shop, asked("How much revenue do you lose?", depth=2), [])
    assert (deep.kind, deep.fact.id) == ("answer", "lost_sales")


def test_asking_again_is_a_repeat_unless_another_fact_answers(shop):
    again = listening.listen(shop, asked("How many stores do you have?"), ["stores"])
    assert (again.kind, again.fact.id) == ("repeat", "stores")


def test_a_general_question_gets_the_first_fact_of_its_level(shop):
    general = asked("What's hard for you?", depth=1, topics=[("difficulties", 0.8)])
    assert listening.listen(shop, general, []).fact.id == "miscounts"
    assert listening.listen(shop, general, ["miscounts"]).kind == "repeat"


def test_a_sure_topic_no_fact_covers_is_not_answered_by_shared_words(shop):
    budget = asked("What budget do the stores have?", topics=[("budget_spend", 0.9)])
    assert listening.listen(shop, budget, []).kind == "none"


@pytest.fixture
def chinese_shop(shop):
    facts = (
        Fact("stores", "situation", "我们一共有十一家门店。", ("size_volume",),
             ("你们有多少家门店？", "连锁规模有多大？")),
        Fact("miscounts", "problem", "库存数字从来都对不上。", ("errors_quality", "difficulties"),
             ("你们的库存数准吗？", "系统里的数和货架上的对得上吗？")),
        Fact("lost_sales", "implication", "去年春天因为断货少卖了六万多。", ("cost_of_problem",),
             ("断货给你们造成了多少损失？", "一年下来少卖了多少钱？")),
    )  # fmt: skip
    return dataclasses.replace(shop, facts=facts, language="zh-Hans")


def test_a_chinese_customer_tells_what_was_asked_in_either_script(chinese_shop):
    simplified = listening.listen(chinese_shop, asked("你们有几家门店？"), [])
    traditional = listening.listen(chinese_shop, asked("你們有幾家門店？"), [])
    assert simplified.fact.id == traditional.fact.id == "stores"
    counts = listening.listen(chinese_shop, asked("货架上的库存数和系统里的一致吗？", depth=1), [])
    assert counts.fact.id == "miscounts"


@pytest.mark.parametrize(
    "question", ["你哋系統入面嘅數同貨架上嘅對唔對得上？", "你哋啲庫存數準唔準㗎？"]
)
def test_a_cantonese_question_meets_a_fact_written_in_standard_chinese(chinese_shop, question):
    hong_kong = dataclasses.replace(chinese_shop, language="zh-Hant")
    heard = asked(question, 1, [("errors_quality", 0.9)])
    assert listening.listen(hong_kong, heard, []).fact.id == "miscounts"


def test_a_chinese_deep_fact_waits_for_a_deep_question(chinese_shop):
    question = "断货一年让你们少卖了多少？"
    assert listening.listen(chinese_shop, asked(question, depth=0), []).kind == "withheld"
    assert listening.listen(chinese_shop, asked(question, depth=2), []).fact.id == "lost_sales"


def test_a_chinese_question_nothing_answers_gets_nothing(chinese_shop):
    budget = asked("你们今年的预算是多少？", topics=[("budget_spend", 0.9)])
    assert listening.listen(chinese_shop, budget, []).kind == "none"


@pytest.mark.parametrize(
    ("question", "plain", "chinese"),
    [
        ("How many stock numbers are not accurate?", "Are the stock figures wrong?", False),
        ("系统里的数和货架上的有几个对不上？", "库存数对不上吗？", True),
    ],
)
def test_how_many_is_not_answered_by_a_fact_without_a_quantity(
    shop, chinese_shop, question, plain, chinese
):
    """The miscounts fact says the figures are wrong, not how many: a question for a
    number gets no fact, the same question without 'how many' gets it."""
    scenario = chinese_shop if chinese else shop
    assert listening.listen(scenario, asked(question, depth=1), []).kind == "none"
    assert listening.listen(scenario, asked(plain, depth=1), []).fact.id == "miscounts"


@pytest.mark.parametrize(
    ("question", "plain", "dated", "chinese"),
    [
        (
            "What year did the till stop matching the shelf?",
            "Does the till match the shelf?",
            "The stock figures have been wrong since 2019.",
            False,
        ),
        (
            "系统里的数和货架上的是哪年开始对不上的？",
            "系统里的数和货架上的对得上吗？",
            "从2019年起库存数就对不上。",
            True,
        ),
    ],
)
def test_which_year_is_answered_only_by_a_fact_with_a_date(
    shop, chinese_shop, question, plain, dated, chinese
):
    """The miscounts fact says the figures are wrong, not since when: a question for a
    year gets no fact until the fact names one."""
    scenario = chinese_shop if chinese else shop
    assert listening.listen(scenario, asked(question, depth=1), []).kind == "none"
    assert listening.listen(scenario, asked(plain, depth=1), []).fact.id == "miscounts"
    dated_scenario = miscounts_saying(scenario, dated)
    assert listening.listen(dated_scenario, asked(question, depth=1), []).fact.id == "miscounts"


@pytest.mark.parametrize(
    ("question", "counted", "typed", "chinese"),
    [
        (
            "What share of the stock figures are wrong?",
            "The stock figures are wrong in 3 stores.",
            "About a third of the stock figures are wrong.",
            False,
        ),
        (
            "系统里的数和货架上的对不上的比例有多大？",
            "有3家门店的库存数对不上。",
            "大概三成的库存数对不上。",
            True,
        ),
        (
            "At what time do you see that the stock numbers are wrong?",
            "The stock figures are wrong in 3 stores.",
            "By 10am we see the stock figures are wrong.",
            False,
        ),
        (
            "库存数对不上，一般几点才发现？",
            "有3家门店的库存数对不上。",
            "早上十点才发现库存数对不上。",
            True,
        ),
    ],
    ids=["share", "share-zh", "time-of-day", "time-of-day-zh"],
)
def test_what_share_or_what_time_is_answered_only_by_a_fact_that_gives_it(
    shop, chinese_shop, question, counted, typed, chinese
):
    """A fact that counts (three stores) says neither what share nor what time of day
    (and a clock time is not a count): the question gets no fact until the fact gives
    the kind of answer it asks for."""
    scenario = chinese_shop if chinese else shop
    heard = asked(question, depth=1)
    assert listening.listen(miscounts_saying(scenario, counted), heard, []).kind == "none"
    assert listening.listen(miscounts_saying(scenario, typed), heard, []).fact.id == "miscounts"


def test_a_vague_quantity_answers_how_many(shop):
    vague = Fact("miscounts", "problem", "Quite a lot of the stock figures are wrong.",
                 ("errors_quality",), ("Are your stock numbers accurate?",))  # fmt: skip
    scenario = dataclasses.replace(shop, facts=(shop.facts[0], vague, *shop.facts[2:]))
    heard = listening.listen(scenario, asked("How many stock figures are wrong?", depth=1), [])
    assert heard.fact.id == "miscounts"
