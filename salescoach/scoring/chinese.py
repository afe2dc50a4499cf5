"""Reading Chinese: which sentences are Chinese, in which script, and where they end.

Why a module of its own: every framework decision is made per sentence, so the
scorer reads a Chinese sentence with the same code as an English one and only
asks this module what differs (the script, the cue lists and classifier for
Chinese, sentence ends, words). Traditional characters are converted to
Simplified for matching only (OpenCC's tables, pure Python), so a rep's
evidence and transcript keep the characters they typed.
"""

from __future__ import annotations

import logging
import re
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opencc import OpenCC
    from spacy.language import Language

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(
    r"[。！？；!?;\n]+[”」』）)]*|…+|\.{3,}|\.(?=\s)|(?<!\d)[～~]+(?!\d)"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*(?=\w)"
)
_LEAD = " \t\"'“”「」『』（）()-,.:;!?，。：；！？、…～~"
_CHINESE_SHARE = 0.3
"""Han characters among a reply's letters from which it is read as Chinese: product
names and acronyms ("我们的CRM支持API对接") do not make a Chinese reply English."""
_CACHED = 16384


def has_han(text: str) -> bool:
    """Asked for every cue list a sentence meets; ``isascii`` is a flag check, so
    English text costs next to nothing."""
    return not text.isascii() and _HAN.search(text) is not None


def language_of(text: str) -> str:
    """'en', 'zh-Hans' or 'zh-Hant' for a whole reply, from its letters."""
    if not has_han(text):
        return "en"
    letters = [c for c in text if c.isalpha()]
    han = sum(1 for c in letters if _HAN.match(c))
    if not han or han < _CHINESE_SHARE * len(letters):
        return "en"
    return "zh-Hant" if is_traditional(text) else "zh-Hans"


def resolve(lang: str | None, detected: str) -> str:
    """The language to read and coach in: the caller's ('zh' takes its script from
    the reply, ``detected`` by :func:`language_of`), else the detected one."""
    if lang == "zh":
        return detected if detected != "en" else "zh-Hans"
    return lang or detected


def is_traditional(text: str) -> bool:
    """Most characters are written the same in both scripts; one that OpenCC changes
    to Simplified exists only in Traditional, so any change tells."""
    converted = simplified(text)
    return sum(a != b for a, b in zip(text, converted)) > 0


@lru_cache(maxsize=2)
def _converter(config: str) -> OpenCC:
    from opencc import OpenCC

    return OpenCC(config)


@lru_cache(maxsize=_CACHED)
def simplified(text: str) -> str:
    """The text in Simplified characters, the same length, so a span found in it is
    the same span in what the rep typed (phrase tables that change the length fall
    back to converting one character at a time). Hong Kong's 甚麼 reads as 什么."""
    if not has_han(text):
        return text
    converted = _converter("t2s").convert(text)
    if len(converted) != len(text):
        converted = "".join(_converter("t2s").convert(c) for c in text)
    return converted.replace("甚么", "什么")


@lru_cache(maxsize=256)
def traditional(text: str) -> str:
    """Coaching text for a rep who types Traditional characters (Taiwan's wording)."""
    return _converter("s2tw").convert(text)


def in_script(text: str, language: str) -> str:
    return traditional(text) if language == "zh-Hant" else text


def sentences(text: str) -> list[str]:
    """Split after 。！？；… and their ASCII forms, at line breaks, and where chat ends a
    sentence with a tilde or an emoji ('了解～年底真的超忙', not the range '3~5天'); each
    sentence keeps its own end mark (a question mark is evidence)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        found.append(text[start : end.end()])
        start = end.end()
    found.append(text[start:])
    return [s.strip() for s in found if any(c.isalnum() for c in s)]


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spaCy's Chinese tokenizer with the jieba segmenter (pkuseg needs a model
    download); jieba's dictionary loads on first use (about a second), quietly
    (jieba 0.42 imports the deprecated pkg_resources)."""
    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@lru_cache(maxsize=_CACHED)
def words(text: str) -> tuple[str, ...]:
    """The words of a Chinese sentence (jieba's segmentation), punctuation dropped."""
    return tuple(t.text for t in pipeline()(simplified(text)) if not (t.is_punct or t.is_space))


def strip_lead(text: str) -> str:
    return text.lstrip(_LEAD)


def word_count(text: str) -> int:
    """Words in a sentence of either language (Chinese has no spaces to count)."""
    return len(words(text)) if has_han(text) else len(text.split())


_NUMERAL = re.compile(r"\d+|[零一二两三四五六七八九十百千万]+")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def number_in(text: str) -> int | None:
    """The first number in a Chinese reply, in digits or Chinese numerals up to 99
    ('选2', '第二个', '十二号'), for picking from a numbered list."""
    match = _NUMERAL.search(simplified(text))
    if match is None:
        return None
    found = match.group()
    if found.isdigit():
        return int(found)
    if any(c in found for c in "百千万"):
        return None
    tens, ten, ones = found.partition("十")
    if not ten:
        return _DIGITS.get(found) if len(found) == 1 else None
    return _DIGITS.get(tens, 1 if not tens else 0) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
