from __future__ import annotations

from salescoach.practice import lexicon
from salescoach.scoring import cantonese


def test_lemmas_drop_function_words_and_keep_what_is_asked():
    assert lexicon.lemmas("When the servers died, how long were you without them?") == [
        "?when", "server", "die", "?duration", "without",
    ]  # fmt: skip
    assert lexicon.lemmas("How many IT people restored it?") == [
        "?amount",
        "it-department",
        "people",
        "restore",
    ]


def test_compounds_stay_one_word_and_numbers_lose_their_commas():
    assert lexicon.lemmas("No-shows cost 1,900 a week") == ["no-show", "cost", "1900", "week"]


def test_concepts_come_from_shared_and_scenario_synonyms():
    assert "outage" in lexicon.concepts("The depot went offline for two days")
    assert "subbie" not in lexicon.concepts("our subbies text us")
    assert "subcontractor" in lexicon.concepts(
        "our subbies text us", {"subcontractor": ("subbie",)}
    )
    assert "no_show" in lexicon.concepts(
        "Missed appointments?", {"no_show": ("missed appointment",)}
    )


def test_chinese_words_are_jiebas_with_question_words_as_markers():
    simplified = lexicon.lemmas("你们每个月要处理多少张发票？")
    assert "?amount" in simplified and {"处理", "发票"} <= set(simplified)
    assert not {"你们", "要", "张"} & set(simplified)
    assert lexicon.lemmas("你們每個月要處理多少張發票？") == simplified
    assert lexicon.lemmas("合同什么时候能签？")[:2] == ["合同", "?when"]
    assert "贵" not in lexicon.lemmas("贵公司现在用什么系统？")
    assert "贵" in lexicon.lemmas("为什么觉得有点贵？")
    assert "?who" in lexicon.lemmas("谁负责ERP的维护") and "erp" in lexicon.lemmas(
        "谁负责ERP的维护"
    )


def test_chinese_concepts_share_the_english_names():
    assert {"outage", "cost"} <= lexicon.concepts("这次停机损失了多少钱？")
    assert "outage" in lexicon.concepts("上次系統當機，停了多久？")
    assert "price" in lexicon.concepts("报价能不能再便宜点")
    assert "no_show" in lexicon.concepts("爽约的病人多吗？", {"no_show": ("爽约",)})
    wecom = {"wecom": ("企业微信",)}  # jieba cuts it in two: a phrase, not a word
    assert "wecom" in lexicon.concepts("你们用企業微信通知店长吗？", wecom)
    assert "money" not in lexicon.concepts("我们一块儿看看")


def test_a_chinese_word_was_said_when_it_is_inside_what_the_rep_said():
    assert lexicon.said("试点", ["我们", "试点项目"])
    assert lexicon.said("試點", ["试点"])
    assert not lexicon.said("试点", ["正式", "上线"])
    assert lexicon.said("pilots", ["pilot"])


def test_cantonese_reads_as_written_chinese():
    assert lexicon.lemmas("你哋而家有幾多個倉？") == lexicon.lemmas("你们现在有多少个仓？")
    assert "?why" in lexicon.lemmas("點解啲單成日遲咗？")
    assert cantonese.written("我哋同供應商嘅關係") == "我们同供应商的关系"
    mandarin = "我们重点解决库存的问题"
    assert cantonese.written(mandarin) == mandarin  # 点解 only means "why" in Cantonese
