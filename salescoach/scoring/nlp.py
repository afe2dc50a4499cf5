"""The spaCy pipeline, built once per process.

No pretrained English model can be downloaded here, so the pipeline is blank
English (spaCy's rule-based tokenizer) plus the rule-based sentencizer.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MAX_CHARS = 5_000


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> list[str]:
    """Split a reply into sentences; very long replies are cut to keep a turn fast."""
    doc = pipeline()(text[:MAX_CHARS])
    return [s.text.strip() for s in doc.sents if s.text.strip()]
