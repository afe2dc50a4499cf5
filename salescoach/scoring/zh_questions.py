"""What asks in Chinese, and how: :mod:`spin` hands a Chinese sentence here.

Chinese marks a question with a final particle (吗/呢), an interrogative word
(什么/怎么/哪/多少), an A-not-A verb (有没有/能不能) or a request ("请问",
"想了解"), often without a question mark; "…，对吧？" turns a statement into a
tag question. The words are cue lists in ``data/cues.zh.yml`` (``question.*``),
so a trainer tunes them like the English ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

from salescoach.scoring import cantonese, chinese, cues

_CLAUSE = re.compile(r"(?<=[，,；;：:])")
_TRAILING = re.compile(r"[\W_]+$")
_QUESTION_MARK = re.compile(r"[?？]\W*$")
_A_NOT_A = re.compile(r"(\w)[不没]\1|有没")
_OPTIONS = re.compile(r"还是|或者|或是")
_CLOSED_END = re.compile(r"(?<!什)[吗么]$|(?<![什怎])吧$")
_SUGGESTION_END = "吧"
_YES_NO = "吗"
"""'我们先试用一个月吧' suggests; a 吧 question needs an interrogative word or a guess
('我猜你们还在用Excel吧')."""
_TAG_AFTER = 4
"""A tag typed without its comma ('这样更省钱对吧') follows a statement of a few characters."""
_CACHED = 16384


def _has(name: str, body: str) -> bool:
    """A Chinese cue list, whatever script the clause is in (a clause of a Chinese
    sentence may be all Latin letters: 'OK，')."""
    return cues.regex(name, "cues.zh").search(body) is not None


def _starts(name: str, body: str) -> bool:
    return cues.regex(name, "cues.zh").match(chinese.strip_lead(body)) is not None


def _body(text: str) -> str:
    """Written Simplified Chinese (Cantonese 係咪 / 定係 / 有冇 read as 是不是 / 还是 /
    有没有) without the trailing marks, emoji and tildes."""
    return _TRAILING.sub("", cantonese.written(text).strip())


def clauses(sentence: str) -> list[str]:
    """Comma-, semicolon- and colon-separated parts, each keeping its mark."""
    return [c for c in _CLAUSE.split(sentence) if c.strip(" ，,；;：:")]


@lru_cache(maxsize=_CACHED)
def is_tag_statement(sentence: str) -> bool:
    """'这样能省不少钱，对吧？', '这个更划算不是吗': a statement looking for agreement."""
    body = _body(sentence)
    tags = cues.regex("question.tag_endings", "cues.zh")
    head, comma, tail = body.replace(",", "，").rpartition("，")
    if comma and head.strip() and tags.fullmatch(tail.strip()):
        return True
    ending = re.search(rf"(?:{tags.pattern})$", body)
    return bool(ending and ending.start() >= _TAG_AFTER)


def _asks(clause: str) -> bool:
    """One clause asks: a request ('说说…', '想了解一下…') or a question marker."""
    body = _body(clause)
    opening = _after_lead_in(body)
    return bool(body) and (
        _starts("question.request_openers", opening)
        or _starts("question.question_wrappers", opening)
        or _marks_question(body)
    )


def _marks_question(body: str) -> bool:
    """An interrogative word not in a frame that tells ('不管怎么样', '我们会告诉您怎么做'),
    an A-not-A verb, or a final 吗/呢. In such a frame only a final 吗 still asks
    ('你们什么东西都靠Excel吗'; '怎么说呢' does not)."""
    if _has("question.not_asking", body):
        return body.endswith(_YES_NO)
    if _has("question.wh", body) or _A_NOT_A.search(body):
        return True
    particle = cues.regex("question.end_particles", "cues.zh").search(body[-1:])
    if body[-1:] == _SUGGESTION_END:
        return _starts("question.guesses", _after_lead_in(body))
    return bool(particle)


def _after_lead_in(body: str) -> str:
    match = cues.regex("question.lead_ins", "cues.zh").match(body)
    return chinese.strip_lead(body[match.end() :]) if match else body


@lru_cache(maxsize=_CACHED)
def is_question(sentence: str) -> bool:
    """A question mark asks, except on an echo of the customer's objection or a bare
    reaction ('贵？我们已经是最便宜的了', '真的吗？'): a retort, not a question. Without one,
    a clause must ask."""
    body = _body(sentence)
    if is_tag_statement(sentence) or not body:
        return False
    if _QUESTION_MARK.search(sentence.strip()):
        return cues.regex("question.echoes", "cues.zh").fullmatch(body) is None
    return any(_asks(c) for c in clauses(sentence))


@lru_cache(maxsize=_CACHED)
def is_open(sentence: str) -> bool:
    """Open: a request to explain ('能不能说说…') or an interrogative word. Closed: a
    final 吗 or 吧, an A-not-A verb, 是否/能否, or options (A还是B), after a polite
    wrapper too ('请问病历是纸本还是电子化？')."""
    parts = clauses(sentence)
    last = _body(parts[-1]) if parts else _body(sentence)
    if any(_starts("question.request_openers", _after_lead_in(_body(c))) for c in parts):
        return True
    if _CLOSED_END.search(last) or _A_NOT_A.search(last) or _OPTIONS.search(last):
        return False
    return not _has("question.closed_starts", last)


def split_questions(sentence: str) -> list[str]:
    """'你们现在用什么系统，谁在负责？' asks two things; a lead clause ('我理解，',
    '想了解一下，', '如果…，') stays with the question it leads into."""
    parts, current = [], ""
    for clause in clauses(sentence):
        current += clause
        if _marks_question(_body(clause)) or _QUESTION_MARK.search(clause.strip()):
            parts.append(current)
            current = ""
    if current and parts:
        parts[-1] += current
    return parts if len(parts) > 1 else [sentence]
