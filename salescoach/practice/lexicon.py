"""Words as the customer hears them: lemmas from spaCy's lookup tables, and the
concepts they name (``data/synonyms.yml`` plus a scenario's own synonyms), so
"When the server died, how long were you without it?" and "Restoring from tape
took two days" meet on *downtime* and *time*.

Chinese has no lemmas to find: its words are jieba's segmentation of the
Simplified form (so Traditional meets Simplified), and its concepts come from
``data/synonyms.zh.yml`` under the same names as the English ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from salescoach import data_files
from salescoach.scoring import chinese, nlp
from salescoach.scoring.cantonese import written

if TYPE_CHECKING:
    from spacy.lookups import Table

CONCEPT = "~"
CHARACTER = "#"
"""Chinese words also count by their characters: jieba cuts 门店 and 店, 几家 and 家
differently from one sentence to the next."""
# Words that carry no subject, and the words that frame how deep a question goes
# ("what would it mean if…"): the scorer and the topic classifier read depth; these
# say nothing about which fact is asked for. Question words are kept: "who" and
# "how long" say what is asked.
_FUNCTION_WORDS = frozenset(
    """a an the and or but so if then than that this these those there here of to in on at by
    for with from into onto about as is are was were be been being am do does did done doing have
    has had having i me my mine we us our ours you your yours he him his she her hers it its they
    them their theirs one ones can could would should will shall may might must just also very
    really quite some any all each every no not nor too such own same other another more most
    less least only still yet again ever even please thanks thank hi hello okay ok yeah yes well
    oh um uh like let get got go going gone tell say said ask know think mean see look talk
    something anything thing things bit lot lots kind sort way currently today now at moment
    right sure how what which would could if instead able possible anymore usually typically
    exactly roughly mean change difference help happen imagine suppose picture""".split()
)
_QUESTION_PAIRS = {
    ("how", "long"): "duration",
    ("how", "many"): "amount",
    ("how", "much"): "amount",
    ("how", "often"): "frequency",
}
_QUESTION_WORDS = {"who": "who", "when": "when", "where": "where", "why": "why"}
_NUMBER = re.compile(r"^\d[\d,.]*$")
AMOUNT = "?amount"
IT_DEPARTMENT = "it-department"
_CHINESE_FUNCTION_WORDS = frozenset(
    """的 了 吗 呢 吧 啊 呀 嘛 哈 呗 是 在 有 没 没有 我 我们 你 你们 您 他 她 它 他们 她们 咱们
    这 那 这个 那个 这些 那些 这里 那里 这边 那边 这样 那样 一下 请问 请 想 想要 了解 问 问问 一
    个 些 一些 都 也 还 还是 就 和 跟 与 及 或 或者 对 把 被 给 让 会 能 能够 可以 可能 要 什么
    怎么 怎样 怎么样 如何 哪 哪个 哪些 多 其实 现在 目前 平时 一般 通常 大概 大约 大致 具体 比如
    比如说 所以 那么 然后 如果 的话 假如 要是 假设 顺便 说 讲 说说 聊聊 聊 看 看看 觉得 认为 知道
    告诉 下 上 中 里 里面 方面 一直 已经 曾经 过 着 得 地 之 其 该 此 每 各 所有 什么样 很 非常 太
    最 更 比较 挺 真 真的 嗯 哦 好 好的 谢谢 感谢 您好 你好 贵司 请教 下来 一点 有点 到底 究竟
    又 再 才 呃 额 么 咋 啥 多大 大家 自己 情况 张 个 次 位 台 条 件 份 种 项 笔 不 不能 能不能 点
    一点儿""".split()
)
"""Words that say nothing about which fact is asked for, like the English list;
question words that do (谁, 多久, 多少…) become markers first."""
_HONOURED = frozenset("公司 方 单位 行 院 校 厂 集团 店".split())
"""贵 before these is "your" (贵公司), not "expensive"."""
_CHINESE_QUESTION_WORDS = {
    "谁": "who",
    "多久": "duration",
    "多长时间": "duration",
    "多少": "amount",
    "几": "amount",
    "几个": "amount",
    "多常": "frequency",
    "多频繁": "frequency",
    "频率": "frequency",
    "什么时候": "when",
    "何时": "when",
    "哪里": "where",
    "哪儿": "where",
    "为什么": "why",
    "为何": "why",
}


def lemmas(text: str) -> list[str]:
    """Lowercased lemmas of a text's words and numbers, function words left out;
    question words become markers (``?who``, ``?duration``)."""
    if chinese.has_han(text):
        return _chinese_lemmas(text)
    words = _words(text)
    out: list[str] = []
    skip = False
    for word, following in zip(words, [*words[1:], ""]):
        if skip:
            skip = False
        elif (word, following) in _QUESTION_PAIRS:
            out.append("?" + _QUESTION_PAIRS[word, following])
            skip = True
        elif word in _QUESTION_WORDS:
            out.append("?" + _QUESTION_WORDS[word])
        elif _NUMBER.match(word):
            out.append(word.replace(",", ""))
        elif word not in _FUNCTION_WORDS:
            out.append(word if word == IT_DEPARTMENT else lemma_of(word))
    return out


def _chinese_lemmas(text: str) -> list[str]:
    """jieba's words of the Simplified text (Latin words and numbers among them
    read as in English), function words left out, question words as markers."""
    out: list[str] = []
    words = chinese.words(written(text))
    skip = False
    for word, following in zip(words, [*words[1:], ""]):
        lowered = word.lower()
        if skip:
            skip = False
        elif word + following in _CHINESE_QUESTION_WORDS:
            out.append("?" + _CHINESE_QUESTION_WORDS[word + following])
            skip = True
        elif word in _CHINESE_QUESTION_WORDS:
            out.append("?" + _CHINESE_QUESTION_WORDS[word])
        elif len(word) == 2 and word[0] == "几":
            out.append(AMOUNT)
        elif _NUMBER.match(word):
            out.append(word.replace(",", ""))
        elif chinese.has_han(word):
            polite = word == "贵" and following in _HONOURED
            if word not in _CHINESE_FUNCTION_WORDS and not polite:
                out.append(word)
        elif lowered.isalpha() and lowered not in _FUNCTION_WORDS:
            out.append(lemma_of(lowered))
    return out


def said(word: str, words: list[str] | tuple[str, ...]) -> bool:
    """Whether the rep used ``word``: its lemma among theirs, or for a Chinese word,
    inside what they said (jieba may have kept it in a longer word: 试点 in 试点项目)."""
    if chinese.has_han(word):
        return chinese.simplified(word) in "".join(words)
    return lemma_of(word.lower()) in words


def _words(text: str) -> list[str]:
    """Lowercased words and numbers; hyphenated compounds ("no-show") stay one word."""
    words: list[str] = []
    glued = False
    for token in nlp.parse(text):
        if token.text == "-" and words and not token.whitespace_ and not glued:
            words[-1] += "-"
            glued = True
            continue
        if token.is_alpha or _NUMBER.match(token.text):
            word = IT_DEPARTMENT if token.text == "IT" else token.lower_
            if glued and words[-1].endswith("-"):
                words[-1] += lemma_of(word)
            else:
                words.append(word)
        elif glued and words and words[-1].endswith("-"):
            words[-1] = words[-1][:-1]
        glued = False
    return [w.rstrip("-") for w in words]


@lru_cache(maxsize=1)
def _shared() -> dict[str, tuple[str, ...]]:
    """The English and Chinese groups, joined under their shared concept names."""
    groups = {k: tuple(v) for k, v in data_files.load("synonyms").items()}
    for concept, members in data_files.load("synonyms.zh").items():
        groups[concept] = (*groups.get(concept, ()), *members)
    return groups


@dataclass(frozen=True)
class _Index:
    """Where concepts are named: a word, two words in a row, or (Chinese, which
    jieba may cut anywhere: 企业微信, 复购率) a phrase inside the text."""

    words: dict[str, set[str]]
    pairs: dict[tuple[str, str], set[str]]
    phrases: dict[str, set[str]]


@lru_cache(maxsize=64)
def _index(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> _Index:
    index = _Index({}, {}, {})
    for concept, members in [*_shared().items(), *extra]:
        for member in (concept.replace("_", " "), *members):
            if chinese.has_han(member) and len(member) > 1:
                index.phrases.setdefault(chinese.simplified(member), set()).add(concept)
                continue
            parts = [lemma_of(p) for p in member.lower().split()]
            if len(parts) == 1:
                index.words.setdefault(parts[0], set()).add(concept)
            elif len(parts) == 2:
                index.pairs.setdefault((parts[0], parts[1]), set()).add(concept)
    return index


@lru_cache(maxsize=4096)
def lemma_of(word: str) -> str:
    """The lemma of one lowercased word; a compound lemmatises its last part (no-shows:
    no-show); a word spaCy's tables do not know loses a plural s (subbies: subbie)."""
    head, dash, tail = word.rpartition("-")
    known = _lemma_table().get(tail)
    if known:
        return head + dash + known.lower()
    if len(tail) > 3 and tail.endswith("s") and not tail.endswith("ss"):
        tail = tail[:-1]
    return head + dash + tail


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    return nlp.pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


def terms(text: str, synonyms: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """A text's lemmas plus the concepts they name (``~downtime``)."""
    found = lemmas(text)
    index = _index(tuple(sorted((synonyms or {}).items())))
    concepts: list[str] = []
    for i, lemma in enumerate(found):
        concepts += sorted(index.words.get(lemma, ()))
        if i + 1 < len(found):
            concepts += sorted(index.pairs.get((lemma, found[i + 1]), ()))
    characters: list[str] = []
    if chinese.has_han(text):
        plain = written(text)
        named = [c for phrase, cs in index.phrases.items() if phrase in plain for c in cs]
        concepts += sorted(named)
        characters = [CHARACTER + c for w in found if chinese.has_han(w) for c in w]
    return found + [CONCEPT + c for c in concepts] + characters


def concepts(text: str, synonyms: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    return {t[1:] for t in terms(text, synonyms) if t.startswith(CONCEPT)}
