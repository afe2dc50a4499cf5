"""The spaCy pipeline, built once per process.

No pretrained English model can be downloaded here, so the pipeline is blank
English (spaCy's rule-based tokenizer), the rule-based sentencizer and the
lookup lemmatizer (its tables come from the spacy-lookups-data package), and
spaCy's English stop-word list tells English from other languages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

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
