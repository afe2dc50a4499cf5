"""The spaCy pipeline, built once per process.

No pretrained English model can be downloaded here, so the pipeline is blank
English (spaCy's rule-based tokenizer), the rule-based sentencizer and the
lookup lemmatizer (its tables come from the spacy-lookups-data package), and
spaCy's English stop-word list tells English from other languages. Chinese is
read by :mod:`chinese` (spaCy's ``zh`` with jieba); :func:`read` picks the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from salescoach.scoring import chinese
from salescoach.scoring.cues import normalise

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MAX_CHARS = 5_000
_SPACES = re.compile(r"[ \t]+")
_SCRIPT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_LONGEST_WORD = 40
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_MIN_WORDS_FOR_LANGUAGE = 4
_MIN_STOP_WORD_SHARE = 0.12


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spaCy is imported on first use: commands that never score (reports) start faster."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def plain(text: str) -> str:
    """The words a rep typed: HTML tags pasted from elsewhere are dropped, apostrophes unified."""
    text = _SCRIPT.sub(" ", text[:MAX_CHARS])
    return _SPACES.sub(" ", normalise(_TAG.sub(" ", text)))


@dataclass(frozen=True)
class Reading:
    """A reply as the scorer reads it: its language ('en', 'zh-Hans', 'zh-Hant'),
    its sentences as the rep typed them, and its words."""

    language: str
    sentences: list[str]
    words: list[str]
    readable: bool
    """Words a framework can be judged on: English prose or Chinese."""


def read(text: str, language: str | None = None) -> Reading:
    """``language`` ('en', 'zh-Hans', 'zh-Hant', or 'zh' for either script) when the
    caller knows it; else it is told from the reply's letters. Chinese replies are read
    per sentence by the same rules with Chinese cue lists and classifiers (:mod:`chinese`)."""
    text = plain(text)
    detected = chinese.language_of(text)
    language = chinese.resolve(language, detected)
    if detected == "en":
        doc = pipeline()(text)
        found = words(doc)
        return Reading(language, sentences(doc), found, bool(found) and looks_english(found))
    found = chinese.sentences(text)
    return Reading(language, found, [w for s in found for w in chinese.words(s)], True)


def parse(text: str) -> Doc:
    """One spaCy pass per reply: very long replies are cut to keep a turn fast."""
    return pipeline()(plain(text))


def sentences(doc: Doc) -> list[str]:
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def words(doc: Doc) -> list[str]:
    """The alphabetic tokens a person could have meant as words (not 10,000 x's), lowercased."""
    return [t.lower_ for t in doc if t.is_alpha and len(t) <= _LONGEST_WORD]


def looks_english(tokens: list[str]) -> bool:
    """English prose is about 40% stop words; other languages have next to none of ours.

    Short replies ("Budget?") are given the benefit of the doubt.
    """
    if len(tokens) < _MIN_WORDS_FOR_LANGUAGE:
        return all(w.isascii() for w in tokens)
    stop_words = _stop_words()
    share = sum(w in stop_words for w in tokens) / len(tokens)
    return share >= _MIN_STOP_WORD_SHARE
