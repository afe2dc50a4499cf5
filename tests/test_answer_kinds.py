"""What kind of answer a question asks for, and whether a fact's text gives it."""

from __future__ import annotations

import pytest

from salescoach.practice import answer_kinds


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("We have eleven stores.", True),
        ("Restoring took 2 days.", True),
        ("Quite a lot of letters go unanswered.", True),
        ("The stock figures are never right.", False),
        ("压铸十二台，机加九十六台CNC。", True),
        ("大部分病人还是打电话来。", True),
        ("員工在釘釘上提交申請和審批。", False),
        ("We open at 9am.", False),
        ("早上九點一開門，電話就響個不停。", False),
        ("这两点满足集团的要求。", True),
    ],
)
def test_a_fact_states_a_quantity_exact_or_vague(text, states):
    assert answer_kinds.states_amount(text) is states


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Our WMS went live in 2017.", True),
        ("We switched last March.", True),
        ("The contract renews next year.", True),
        ("The system has been slow for ages.", False),
        ("倉內用 WMS，是 2017 年上的本地系統。", True),
        ("每月5号前截止提交，15号前集中付款。", True),
        ("去年丢的单我们复盘过。", True),
        ("CRM 用的是纷享销客，拜访记录靠销售自己填。", False),
    ],
)
def test_a_fact_states_a_date_exact_or_relative(text, states):
    assert answer_kinds.states_date(text) is states


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which year did you install it?", True),
        ("What date does the lease end?", True),
        ("When a crew is idle, what does it cost you?", False),
        ("合同哪年到期？", True),
        ("每個月幾號截單？", True),
        ("天天都这样吗？", False),
        ("What's the actual handover date?", True),
        ("What did you spend last year?", False),
    ],
)
def test_a_question_asks_for_a_date(question, asks):
    assert answer_kinds.asks_date(question) is asks


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Our no-show rate is 11 percent.", True),
        ("About half the letters never come back.", True),
        ("Most of the bookings still come by phone.", True),
        ("We have eleven stores.", False),
        ("上个月记录了 312 宗异常，其中 71% 是客户先发现的。", True),
        ("一年下来只有四成开了单。", True),
        ("大部分病人還是打電話來。", True),
        ("压铸十二台，机加九十六台CNC。", False),
    ],
)
def test_a_fact_states_a_share_exact_or_vague(text, states):
    assert answer_kinds.states_share(text) is states


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What share of your orders come online?", True),
        ("Roughly what percentage of patients don't turn up?", True),
        ("How much of the stock is wrong?", True),
        ("How many stores do you have?", False),
        ("外卖现在大概占营业额的几成？", True),
        ("六十歲以上的長輩大概佔多少？", True),
        ("提醒電話打完以後，確認會來的比例大概多少？", True),
        ("你们有几家门店？", False),
    ],
)
def test_a_question_asks_for_a_share(question, asks):
    assert answer_kinds.asks_share(question) is asks


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Calls start at 9:30.", True),
        ("The gates open at 8am.", True),
        ("The report is ready by noon.", True),
        ("We have eleven stores.", False),
        ("月初那一周组里天天弄到晚上九点。", True),
        ("前一天的数据，第二天中午才出来。", True),
        ("八点半开早会。", True),
        ("这两点满足集团的要求。", False),
    ],
)
def test_a_fact_states_a_time_of_day(text, states):
    assert answer_kinds.states_clock(text) is states


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What time do the gates open?", True),
        ("How many hours a week does it take?", False),
        ("每天早会几点开？", True),
        ("報表幾點發？", True),
        ("你们有几家门店？", False),
    ],
)
def test_a_question_asks_for_a_time_of_day(question, asks):
    assert answer_kinds.asks_clock(question) is asks
