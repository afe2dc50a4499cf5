"""What the bot says, in Chinese: the call's lines in the scenario's language and
script, the scorecard and coach panel in the course's terms, the rep's language
outside a call. The English wording is asserted by test_session, test_actions and
test_coach_panel, unchanged."""

from __future__ import annotations

import dataclasses

import pytest

from salescoach.practice import chat_text, scorecard, session
from salescoach.scoring import chinese as chinese_text
from salescoach.web import coach_panel
from tests.calls import GOOD_CALL, OBJECTION_RAISED, play

TRADITIONAL_ONLY = "場結議錄題況"
"""Characters OpenCC writes differently in Traditional: none may show up in Simplified."""


@pytest.fixture(params=["zh-Hans", "zh-Hant"])
def chinese(request, dominant):
    """The logistics scenario as a Chinese one (title, customer and language)."""
    return dataclasses.replace(
        dominant,
        id=f"logistics-{request.param.lower()}",
        language=request.param,
        title="为急性子物流总监做云备份",
        industry="物流",
        persona=dataclasses.replace(dominant.persona, name="王芳", role="运营总监"),
    )


def in_script(text: str, language: str, simplified: str, traditional: str) -> None:
    assert (simplified if language == "zh-Hans" else traditional) in text, text
    if language == "zh-Hans":
        assert not set(TRADITIONAL_ONLY) & set(text), text


def test_the_briefing_and_the_customer_speak_the_scenarios_language(chinese):
    briefing = chat_text.briefing(chinese)
    # The frame is in the rep's script; the trainer's title is shown as written.
    in_script(briefing, chinese.language, "场景：为急性子", "場景：为急性子")
    in_script(briefing, chinese.language, "说“结束”结束通话", "說“結束”結束通話")
    assert "DISC 类型 D" in briefing or "DISC 類型 D" in briefing
    assert "中等" in briefing and "Scenario" not in briefing
    assert chat_text.customer(chinese, "你好。") == f"{chinese.persona.name}：你好。"
    card = chat_text.scenario_card(chinese)
    assert card["language"] == chinese.language and card["customer"].startswith("王芳，")


def test_the_menu_is_in_the_reps_language(chinese, dominant):
    menu = chat_text.menu({chinese.id: chinese, dominant.id: dominant}, chinese.language)
    first, *lines = menu.splitlines()
    in_script(first, chinese.language, "选择一个场景", "選擇一個場景")
    assert lines[0].startswith("1. 为急性子物流总监做云备份") and "D，中等，物流" in lines[0]
    assert chat_text.menu({}, chinese.language).startswith(
        "这个语言还没有场景" if chinese.language == "zh-Hans" else "這個語言還沒有場景"
    )
    [card] = chat_text.menu_cards({chinese.id: chinese}, chinese.language)
    assert card["persona"] == "支配型" and card["language"] == chinese.language


def test_hints_name_the_objection_and_the_step_in_chinese(chinese, dominant, parse):
    state, _ = play(dominant, GOOD_CALL[:OBJECTION_RAISED], parse)
    hint = chat_text.hint(chinese, state)
    in_script(hint, chinese.language, "提示：客户提出了价格异议。", "提示：客戶提出了價格異議。")
    assert "表示理解" in hint
    fresh, _ = session.start(chinese, "h")
    in_script(chat_text.hint(chinese, fresh), chinese.language, "问题问题", "問題問題")


def test_the_scorecard_uses_the_courses_terms(chinese, dominant, parse):
    state, _ = play(dominant, GOOD_CALL, parse)
    card = scorecard.build(chinese.id, state, chinese.language)
    text = chat_text.scorecard(card, chinese.language)
    in_script(text, chinese.language, "成绩单：", "成績單：")
    for term in ("SPIN 提问", "三明治表达法", "化解异议", "情境问题", "需求收益问题"):
        in_script(text, chinese.language, term, chinese_text.traditional(term))
    assert "客户同意了下一步。" in text or "客戶同意了下一步。" in text
    assert "Scorecard" not in text and "Question mix" not in text
    panel = coach_panel.scorecard(card, chinese.language)
    assert [f["label"] for f in panel["frameworks"]][1] in ("三明治表达法", "三明治表達法")
    assert all(chinese_text.has_han(tip) for tip in card["work_on"])


def test_a_scorecard_of_no_replies_says_not_used_in_chinese(chinese):
    state, _ = session.start(chinese, "s")
    card = scorecard.build(chinese.id, state, "zh-Hant")
    text = chat_text.scorecard(card, "zh-Hant")
    assert "- 三明治表達法：未使用" in text and "你結束了通話。" in text


def test_the_coach_panel_names_hits_and_misses_in_the_courses_terms(chinese, dominant, parse):
    """The call's state is the English call's: the panel's words are the scenario's."""
    state, turns = play(dominant, GOOD_CALL[: OBJECTION_RAISED + 1], parse)
    result = turns[-1].result.to_json()
    panel = coach_panel.payload(result, state, chinese.language)
    hits = " ".join(panel["hit"])
    assert "表示理解" in hits and "探询根本原因" in chinese_text.simplified(hits)
    assert not any(c.isascii() and c.isalpha() for c in hits)
    sandwich = {"applies": True, "opening": False, "core": True, "closing": False}
    result = {**result, "spin": [], "objection_steps": [], "sandwich": sandwich}
    missed = coach_panel.misses(result, state.turns[-1], state, "zh-Hans")
    assert "三明治：积极开场" in missed and "三明治：积极结尾" in missed
    assert coach_panel.hits(result, "zh-Hans")[-1] == "三明治：核心信息"


@pytest.mark.parametrize(
    ("chosen", "said", "expected"),
    [
        (None, "start practice", "en"),
        (None, "开始练习", "zh-Hans"),
        (None, "開始練習", "zh-Hant"),
        ("zh-TW", "start practice", "zh-Hant"),
        ("en", "开始练习", "en"),
    ],
)
def test_the_reps_language_is_the_chosen_one_else_what_they_typed(chosen, said, expected):
    assert chat_text.rep_language(chosen, said) == expected


def test_language_names_and_commands_in_each_script():
    assert chat_text.language_name("zh-Hant", "zh-Hant") == "繁體中文"
    assert chat_text.language_name("zh-Hans", "en") == "Simplified Chinese"
    assert chat_text.command("end", "zh-Hant") == "結束"
    assert chat_text.command("hint", "en") == "hint"


@pytest.mark.parametrize(
    ("said", "start"),
    [
        ("What did the outage cost you?", "The coach is reconnecting"),
        ("停机一天损失多少？", "教练正在重新连接"),
        ("停機一天損失多少？", "教練正在重新連接"),
    ],
)
def test_the_coach_down_line_is_in_the_language_the_rep_typed(said, start):
    assert chat_text.reconnecting(said).startswith(start)
