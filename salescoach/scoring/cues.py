"""Cue-phrase matching: one compiled regex per cue list in ``data/cues.yml``.

Phrases match whole words, case-insensitively, so "cost" does not fire inside
"Costco" and a trainer can read exactly what is matched.
"""

from __future__ import annotations

import re
from functools import cache

from salescoach import data_files


def _pattern(phrase: str) -> str:
    stem = phrase.rstrip("*")
    body = re.escape(stem).replace(r"\ ", r"\s+")
    tail = r"\w*" if phrase.endswith("*") else r"\b" if stem[-1:].isalnum() else ""
    head = r"\b" if stem[:1].isalnum() else ""
    return head + body + tail


@cache
def regex(dotted: str) -> re.Pattern[str]:
    """The regex for a cue list named like ``spin.problem`` or ``objection.answer.price``."""
    node = data_files.load("cues")
    for part in dotted.split("."):
        node = node[part]
    alternatives = sorted((_pattern(p.lower()) for p in node), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def has(dotted: str, text: str) -> bool:
    return regex(dotted).search(text) is not None


def starts(dotted: str, text: str) -> bool:
    return regex(dotted).match(text.lstrip(" \"'(-")) is not None
