"""Chinese replies: told from English, read per sentence, scored by the same frameworks,
coached in the rep's own script."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salescoach.cli import cli
from salescoach.scoring import Context, cantonese, chinese, evaluate, score_reply, spin
from salescoach.scoring.reply import tip_text

ZH_DEV = "tests/data/zh/dev.jsonl"


def run(*args, input=None):
    return CliRunner(mix_stderr=False).invoke(cli, list(args), input=input)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What do you use today?", "en"),
        ("你们现在用什么系统？", "zh-Hans"),
        ("你們現在用什麼系統？", "zh-Hant"),
        ("我们的CRM支持API对接吗", "zh-Hans"),
        ("We integrate with 金蝶 and SAP.", "en"),
    ],
)
def test_language_is_told_from_the_characters(text, language):
    assert chinese.language_of(text) == language


def test_simplified_keeps_every_span_of_what_the_rep_typed():
    for example in evaluate.load(ZH_DEV):
        assert len(chinese.simplified(example.text)) == len(example.text)


def test_sentences_end_at_chinese_and_ascii_marks_but_not_inside_numbers():
    text = "我理解。您是和哪家在比较？价格是3.5万元！好的…那我们下周见\n谢谢"
    assert chinese.sentences(text) == [
        "我理解。",
        "您是和哪家在比较？",
        "价格是3.5万元！",
        "好的…",
        "那我们下周见",
        "谢谢",
    ]


def test_chat_ends_a_sentence_with_a_tilde_or_an_emoji_but_a_range_stays_whole():
    assert chinese.sentences("了解～年底真的超忙！交期3~5天😊 我们可以先试跑") == [
        "了解～",
        "年底真的超忙！",
        "交期3~5天😊",
        "我们可以先试跑",
    ]


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("您现在用什么系统管理库存", True),
        ("请问你们有几个人负责客服", True),
        ("想了解一下你们现在怎么排班", True),
        ("现在还是手工对账吗", True),
        ("你們的審批流程是怎樣的呢", True),
        ("有没有遇到过数据对不上的情况", True),
        ("这样能帮您省不少钱，对吧？", False),
        ("不管怎么样，我们都会全力支持您。", False),
        ("每张券在哪家店核销都能追踪到～", False),
        ("什么券都能发", False),
        ("你们现在什么东西都靠Excel吗", True),
        ("我们先试用一个月吧。", False),
        ("我们的系统已经在三百家门店上线了。", False),
        ("我们有很多大客户案例，质量绝对有保障的！", False),
        ("貴？我們已經是市場上最便宜的了。", False),
        ("真的吗？", False),
        ("预算？", True),
        ("想問吓，有冇啲時候覺得做起嚟好花時間", True),
    ],
)
def test_questions_are_found_with_or_without_a_question_mark(sentence, asks):
    assert spin.is_question(sentence) is asks


@pytest.mark.parametrize(
    ("question", "is_open"),
    [
        ("你们现在用的是什么系统？", True),
        ("说说你们现在的审批流程", True),
        ("每个月大概要花多少时间对账？", True),
        ("你们有没有专人负责？", False),
        ("现在是手工录入吗？", False),
        ("你們是月付還是年付？", False),
        ("贵公司是否已经有预算？", False),
        ("请问贵院的病历是纸本还是电子化？", False),
        ("想了解一下你们的审批流程", True),
        ("啲客係咪成日投訴等太耐㗎？", False),
        ("你最擔心係一次過俾錢，定係每個月嘅月費？", False),
        ("你哋而家用緊邊間公司嘅系統？", True),
    ],
)
def test_open_and_closed_chinese_questions(question, is_open):
    assert spin.is_open(question) is is_open


def test_two_questions_in_one_sentence_are_two():
    assert spin.split_questions("你们现在用什么系统，谁在负责维护？") == [
        "你们现在用什么系统，",
        "谁在负责维护？",
    ]


def test_a_chinese_implication_question_is_scored_and_coached_in_chinese():
    result = score_reply("库存对不上的时候，每个月会让你们多花多少钱？")
    assert [(q.type, q.open) for q in result.spin] == [("implication", True)]
    assert result.score >= 80
    assert result.feedback and all(chinese.has_han(tip) for tip in result.feedback)


def test_objection_steps_in_chinese():
    reply = "我理解您对价格的顾虑。您主要是和哪家的报价在比较？"
    result = score_reply(reply, Context(objection="price"))
    assert result.objection_steps == ["acknowledge", "probe"]


def test_hard_news_in_chinese_is_a_sandwich_with_its_parts():
    reply = "感谢您一直以来的支持。从下个月起，年费会上调到12万元。我明天把分阶段付款的方案发给您。"
    wrap = score_reply(reply).sandwich
    assert (wrap.applies, wrap.opening, wrap.closing) == (True, True, True)


def test_traditional_replies_get_traditional_tips_and_keep_their_own_characters():
    result = score_reply("你們現在用什麼系統？")
    assert result.spin[0].sentence == "你們現在用什麼系統？"
    assert result.feedback
    for tip in result.feedback:
        assert chinese.is_traditional(tip)


def test_the_same_reply_in_either_script_gets_the_same_labels():
    for example in evaluate.load(ZH_DEV):
        simple = score_reply(chinese.simplified(example.text), example.context)
        traditional = score_reply(chinese.traditional(example.text), example.context)
        assert [(q.type, q.open) for q in simple.spin] == [
            (q.type, q.open) for q in traditional.spin
        ], example.id
        assert simple.objection_steps == traditional.objection_steps, example.id
        assert simple.sandwich.to_json() == traditional.sandwich.to_json(), example.id


def test_every_tip_has_chinese_text():
    from salescoach import data_files

    for key in data_files.load("tips"):
        assert chinese.has_han(tip_text(key, "zh-Hans")), key
        assert tip_text(key, "en") == data_files.load("tips")[key]["tip"]


def test_score_command_takes_chinese_and_a_language(tmp_path):
    data = json.loads(run("score", "这个问题每个月给你们造成多少损失？").stdout)
    assert data["spin"][0]["type"] == "implication"
    assert chinese.has_han(data["feedback"][0])
    traditional = json.loads(run("score", "--lang", "zh-Hant", "你们现在怎么排班？").stdout)
    assert all(chinese.is_traditional(tip) for tip in traditional["feedback"])
    english_tips = json.loads(run("score", "--lang", "en", "你们现在怎么排班？").stdout)
    assert not any(chinese.has_han(tip) for tip in english_tips["feedback"])
    lines = tmp_path / "r.jsonl"
    lines.write_text(
        '{"text": "我理解。您在担心什么？", "objection": "trust", "lang": "zh"}\n'
        '{"text": "How do you book today?"}\n',
        encoding="utf-8",
    )
    first, second = (
        json.loads(x) for x in run("score", "--jsonl", str(lines)).stdout.split("\n")[:2]
    )
    assert first["objection_steps"] == ["acknowledge", "probe"]
    assert second["spin"][0]["type"] == "situation"


def test_an_unknown_language_is_bad_input(tmp_path):
    lines = tmp_path / "r.jsonl"
    lines.write_text('{"text": "你好", "lang": "fr"}\n', encoding="utf-8")
    result = run("score", "--jsonl", str(lines))
    assert result.exit_code == 2 and result.stdout == ""
    assert "r.jsonl:1" in result.stderr and "lang" in result.stderr


def test_the_chinese_held_out_set_is_large_enough_disjoint_and_never_trained_on():
    from salescoach.scoring import learned

    tuned = [e for path in learned.dev_sets("zh") for e in evaluate.load(path)]
    dev = {e.text for e in tuned}
    held_out = evaluate.load("tests/data/zh/heldout.jsonl")
    assert len(dev) >= 300 and len(held_out) >= 150
    assert not {t for t in dev & {e.text for e in held_out} if len(t) > 3}  # both wrote "嗯。"
    assert all(p.name.startswith("dev") for p in learned.dev_sets("zh"))
    traditional = sum(chinese.is_traditional(e.text) for e in [*tuned, *held_out])
    assert traditional >= 0.3 * (len(tuned) + len(held_out))


@pytest.mark.parametrize(
    "text",
    [
        "价格" * 5000,
        "<b>请问</b>您现在用什么系统？<script>alert('x')</script>",
        "\uff50\uff52\uff49\uff43\uff45\u3000？？？",  # full-width "price"
        "こんにちは、お元気ですか",
        "😀🔥。。。",
        "\u3000\u3000",
    ],
)
def test_odd_chinese_input_never_breaks_a_turn(text):
    result = score_reply(text, Context(objection="price", persona="D"))
    assert 0 <= result.score <= 100 and len(result.feedback) >= 1
    json.dumps(result.to_json(), ensure_ascii=False)


def test_a_reply_mixing_english_and_chinese_sentences_reads_each_in_its_language():
    result = score_reply("Thanks for your time. 请问你们现在怎么排班？")
    assert result.language == "zh-Hans"
    assert [(q.sentence, q.type) for q in result.spin] == [("请问你们现在怎么排班？", "situation")]


def test_hong_kongs_way_of_writing_what_asks_like_the_mainlands():
    assert chinese.simplified("用來做甚麼") == "用来做什么"
    hong_kong = score_reply("省下的人手可以用來做甚麼？")
    assert [q.type for q in hong_kong.spin] == [
        q.type for q in score_reply("省下的人手可以用来做什么？").spin
    ]
    assert hong_kong.spin and hong_kong.spin[0].open


def test_cantonese_is_scored_as_written_chinese_and_keeps_the_reps_own_words():
    """唔可以 is 不可以: hard news, with its evidence in the characters the rep typed."""
    text = "呢份報告我哋唔可以改數字，審計準則唔容許。"
    assert len(cantonese.written(text)) == len(text)
    result = score_reply(text, Context(objection="change", persona="S"))
    assert result.sandwich.applies
    acknowledged = score_reply("明白㗎，轉系統最驚就係啲同事唔識用。你哋邊個部門最抗拒？",
                               Context(objection="change", persona="S"))  # fmt: skip
    assert acknowledged.objection_steps == ["acknowledge", "probe"]
