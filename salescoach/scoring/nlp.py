"""The spaCy pipeline, built once per process.

No pretrained English model can be downloaded here, so the pipeline is blank
English (spaCy's rule-based tokenizer) plus the rule-based sentencizer, and
spaCy's English stop-word list tells English from other languages.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from salescoach.scoring.cues import normalise

MAX_CHARS = 5_000
_SPACES = re.compile(r"[ \t]+")
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_MIN_WORDS_FOR_LANGUAGE = 4
_MIN_STOP_WORD_SHARE = 0.12


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def plain(text: str) -> str:
    """The words a rep typed: HTML tags pasted from elsewhere are dropped, apostrophes unified."""
    return _SPACES.sub(" ", normalise(_TAG.sub(" ", text[:MAX_CHARS])))


def sentences(text: str) -> list[str]:
    """Split a reply into sentences; very long replies are cut to keep a turn fast."""
    doc = pipeline()(plain(text))
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def looks_english(text: str) -> bool:
    """English prose is about 40% stop words; other languages have next to none of ours.

    Short replies ("Budget?") are given the benefit of the doubt.
    """
    words = [t.lower_ for t in pipeline().tokenizer(text[:MAX_CHARS]) if t.is_alpha]
    if len(words) < _MIN_WORDS_FOR_LANGUAGE:
        return all(w.isascii() for w in words)
    share = sum(w in STOP_WORDS for w in words) / len(words)
    return share >= _MIN_STOP_WORD_SHARE
