"""Words as the customer hears them: lemmas from spaCy's lookup tables, and the
concepts they name (``data/synonyms.yml`` plus a scenario's own synonyms), so
"When the server died, how long were you without it?" and "Restoring from tape
took two days" meet on *downtime* and *time*.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from salescoach import data_files
from salescoach.scoring import nlp

if TYPE_CHECKING:
    from spacy.lookups import Table

CONCEPT = "~"
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
IT_DEPARTMENT = "it-department"


def lemmas(text: str) -> list[str]:
    """Lowercased lemmas of a text's words and numbers, function words left out;
    question words become markers (``?who``, ``?duration``)."""
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
    return {k: tuple(v) for k, v in data_files.load("synonyms").items()}


@lru_cache(maxsize=64)
def _index(
    extra: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    """word -> concepts and (word, next word) -> concepts, for shared plus extra groups."""
    words: dict[str, set[str]] = {}
    pairs: dict[tuple[str, str], set[str]] = {}
    for concept, members in [*_shared().items(), *extra]:
        for member in (concept.replace("_", " "), *members):
            parts = [lemma_of(p) for p in member.lower().split()]
            if len(parts) == 1:
                words.setdefault(parts[0], set()).add(concept)
            elif len(parts) == 2:
                pairs.setdefault((parts[0], parts[1]), set()).add(concept)
    return words, pairs


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
    words, pairs = _index(tuple(sorted((synonyms or {}).items())))
    concepts: list[str] = []
    for i, lemma in enumerate(found):
        concepts += sorted(words.get(lemma, ()))
        if i + 1 < len(found):
            concepts += sorted(pairs.get((lemma, found[i + 1]), ()))
    return found + [CONCEPT + c for c in concepts]


def concepts(text: str, synonyms: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    return {t[1:] for t in terms(text, synonyms) if t.startswith(CONCEPT)}
