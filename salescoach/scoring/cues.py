"""Cue-phrase matching: one compiled regex per cue list in ``data/cues.yml``.

Phrases match whole words, case-insensitively, so "cost" does not fire inside
"Costco" and a trainer can read exactly what is matched. Text is normalised
first (curly apostrophes, runs of spaces) so phone keyboards match too.

A sentence with Chinese characters is matched against ``data/cues.zh.yml``
instead (the same names; Simplified phrases, matched anywhere, since Chinese
has no spaces between words) after converting it to Simplified characters.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from salescoach import data_files
from salescoach.scoring import cantonese, chinese

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


def _atoms(phrase: str, whole_words: bool = True) -> list[str]:
    """A phrase as regex atoms: words whole, any run of spaces between them, ``*`` as any
    ending (in Chinese, as the fewest characters up to the rest of the phrase)."""
    atoms = [r"\b"] if whole_words and phrase[:1].isalnum() else []
    star = r"\w*" if whole_words else r"\w*?"
    for char in phrase:
        atoms.append(r"\s+" if char == " " else star if char == "*" else re.escape(char))
    if whole_words and phrase[-1:].isalnum():
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


def compile_phrases(phrases: list[str], whole_words: bool = True) -> re.Pattern[str]:
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for atom in _atoms(" ".join(phrase.lower().split()), whole_words):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return re.compile(_trie_pattern(trie), re.IGNORECASE)


_NEVER = re.compile(r"(?!)")


@cache
def regex(dotted: str, catalogue: str = "cues") -> re.Pattern[str]:
    """The regex for a cue list named like ``spin.problem`` or ``objection.answer.price``;
    ``catalogue="cues.zh"`` for the Chinese list of the same name (none: never matches)."""
    node = data_files.load(catalogue)
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            if catalogue == "cues":
                raise KeyError(f"cues.yml has no list {dotted}")
            return _NEVER
    odd = [p for p in node if not isinstance(p, str) or not p.strip()]
    if odd:
        raise ValueError(f"{catalogue}.yml {dotted}: {odd!r} is not a phrase (quote yes/no/true)")
    return compile_phrases(node, whole_words=catalogue == "cues")


def _reading(dotted: str, text: str) -> tuple[re.Pattern[str], str]:
    """The list and the text to match it in: Chinese sentences in written Simplified
    Chinese, Cantonese included (the same length, so spans hold for what the rep typed)."""
    if chinese.has_han(text):
        return regex(dotted, "cues.zh"), cantonese.written(text)
    return regex(dotted), text


def has(dotted: str, text: str) -> bool:
    return find(dotted, text) is not None


def find(dotted: str, text: str) -> re.Match[str] | None:
    pattern, text = _reading(dotted, text)
    return pattern.search(text)


def starts(dotted: str, text: str) -> bool:
    if chinese.has_han(text):
        return (
            regex(dotted, "cues.zh").match(chinese.strip_lead(cantonese.written(text))) is not None
        )
    return regex(dotted).match(text.lstrip(" \"'(-")) is not None


def count(dotted: str, text: str) -> int:
    pattern, text = _reading(dotted, text)
    return len(pattern.findall(text))
