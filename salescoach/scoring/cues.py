"""Cue-phrase matching: one compiled regex per cue list in ``data/cues.yml``.

Phrases match whole words, case-insensitively, so "cost" does not fire inside
"Costco" and a trainer can read exactly what is matched. Text is normalised
first (curly apostrophes, runs of spaces) so phone keyboards match too.
"""

from __future__ import annotations

import re
from functools import cache

from salescoach import data_files

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def normalise(text: str) -> str:
    return text.translate(_APOSTROPHES)


def _pattern(phrase: str) -> str:
    """Whole words, any run of spaces between them, ``*`` ending any word with any suffix."""
    words = []
    for word in phrase.split():
        body = re.escape(word.rstrip("*"))
        words.append(body + (r"\w*" if word.endswith("*") else ""))
    stem = phrase.rstrip("*")
    tail = r"\b" if stem[-1:].isalnum() and not phrase.endswith("*") else ""
    head = r"\b" if stem[:1].isalnum() else ""
    return head + r"\s+".join(words) + tail


@cache
def regex(dotted: str) -> re.Pattern[str]:
    """The regex for a cue list named like ``spin.problem`` or ``objection.answer.price``."""
    node = data_files.load("cues")
    for part in dotted.split("."):
        node = node[part]
    odd = [p for p in node if not isinstance(p, str) or not p.strip()]
    if odd:
        raise ValueError(f"cues.yml {dotted}: {odd!r} is not a phrase (quote yes/no/true)")
    alternatives = sorted((_pattern(p.lower()) for p in node), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def has(dotted: str, text: str) -> bool:
    return regex(dotted).search(text) is not None


def find(dotted: str, text: str) -> re.Match[str] | None:
    return regex(dotted).search(text)


def starts(dotted: str, text: str) -> bool:
    return regex(dotted).match(text.lstrip(" \"'(-")) is not None
