"""Cue-phrase matching: one compiled regex per cue list in ``data/cues.yml``.

Phrases match whole words, case-insensitively, so "cost" does not fire inside
"Costco" and a trainer can read exactly what is matched. Text is normalised
first (curly apostrophes, runs of spaces) so phone keyboards match too.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from salescoach import data_files

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def normalise(text: str) -> str:
    return text.translate(_APOSTROPHES)


@cache
def _chat_words() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {k.lower(): v for k, v in data_files.load("chat_speak").items()}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE), words


@lru_cache(maxsize=16384)
def spelled_out(text: str) -> str:
    """Phone shorthand spelled out ("hows ur team" -> "how's your team"), for reading only."""
    pattern, words = _chat_words()
    return pattern.sub(lambda m: words[m.group().lower()], normalise(text))


_END = ""


def _atoms(phrase: str) -> list[str]:
    """A phrase as regex atoms: words whole, any run of spaces between them, ``*`` as any ending."""
    atoms = [r"\b"] if phrase[:1].isalnum() else []
    for char in phrase:
        atoms.append(r"\s+" if char == " " else r"\w*" if char == "*" else re.escape(char))
    if phrase[-1:].isalnum():
        atoms.append(r"\b")
    return atoms


def _trie_pattern(node: dict[str, dict]) -> str:
    """One alternation per shared prefix, so a long cue list costs about as much as a short one
    (Python's re tries every alternative at every position otherwise)."""
    optional = _END in node
    branches = [atom + _trie_pattern(child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if optional else body


def compile_phrases(phrases: list[str]) -> re.Pattern[str]:
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for atom in _atoms(" ".join(phrase.lower().split())):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return re.compile(_trie_pattern(trie), re.IGNORECASE)


@cache
def regex(dotted: str) -> re.Pattern[str]:
    """The regex for a cue list named like ``spin.problem`` or ``objection.answer.price``."""
    node = data_files.load("cues")
    for part in dotted.split("."):
        node = node[part]
    odd = [p for p in node if not isinstance(p, str) or not p.strip()]
    if odd:
        raise ValueError(f"cues.yml {dotted}: {odd!r} is not a phrase (quote yes/no/true)")
    return compile_phrases(node)


def has(dotted: str, text: str) -> bool:
    return regex(dotted).search(text) is not None


def find(dotted: str, text: str) -> re.Match[str] | None:
    return regex(dotted).search(text)


def starts(dotted: str, text: str) -> bool:
    return regex(dotted).match(text.lstrip(" \"'(-")) is not None
