"""The tokenizer of the one bilingual model: English on whitespace as before,
Chinese runs cut by jieba, offsets into the text as typed."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from salescoach_nlu.tokenizer import MixedTokenizer


def tokens(text: str) -> list[tuple[str, int]]:
    tokenizer = MixedTokenizer(MixedTokenizer.get_default_config())
    return [(t.text, t.start) for t in tokenizer.tokenize(Message({"text": text}), "text")]


def test_english_is_tokenized_as_by_the_whitespace_tokenizer():
    assert tokens("How do you handle returns today?") == [
        ("How", 0), ("do", 4), ("you", 7), ("handle", 11), ("returns", 18), ("today", 26),
    ]  # fmt: skip


def test_mixed_text_has_no_whitespace_tokens_and_keeps_product_names():
    """RasaHQ/rasa#7910: Rasa's JiebaTokenizer keeps the spaces of 'ERP 系统' as tokens."""
    found = tokens("我们的 ERP 系统现在怎么样？")
    assert ("ERP", 4) in found and ("系统", 8) in found
    assert all(text.strip() and text not in "？，。" for text, _ in found)


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("请问你们现在用什么系统", "請問你們現在用什麼系統"),
        ("这个问题影响大吗", "這個問題影響大嗎"),
    ],
)
def test_both_scripts_are_cut_at_the_same_places(simplified, traditional):
    assert [start for _, start in tokens(simplified)] == [start for _, start in tokens(traditional)]
    assert "".join(text for text, _ in tokens(traditional)) == traditional.rstrip("？")


def test_chinese_words_are_not_dropped_as_emoji():
    """The whitespace tokenizer's emoji ranges cover CJK: a word like 我们的 vanished."""
    assert [text for text, _ in tokens("我们的")] == ["我们", "的"]
