"""What kind of answer a question asks for, and whether a fact gives it.

Why: the customer finds the fact a question asks for by the words they share, and
a question on a fact's own topic shares many of them while asking for something
the fact never says: "几级审批？" against a fact on how approvals work, "合同哪年
到期？" against one naming the system. Question-answering systems filter
candidates by the answer's type; so does the customer. Each rule here is a kind
of answer (a quantity, a date, a share, a time of day) and a test of whether a
fact's text states one; a fact that does not is not a candidate
(:meth:`salescoach.practice.listening.FactIndex.possible`).

Tried and left out: "a quantity *of the thing counted*" (几张诊疗椅 needs a fact
that names chairs). It helped the Chinese dev probes (unanswerable 81 -> 85 of
101, answerable unchanged) but cost right answers on the held-out sets
(English 126 -> 123 of 140): how-many questions name what they count in words
the facts do not use.
"""

from __future__ import annotations

import re

from salescoach.scoring import chinese

_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|millions?|dozens?|half|double|twice|couple|few|"
    r"several|handful|single|lots?|most|many|much|percent|none)\b",
    re.IGNORECASE,
)
_CHINESE_QUANTITY = re.compile(
    r"\d|[两二三四五六七八九十百千万亿半]|一[个家台天年月周次成倍半人位张单笔]"
    r"|很多|不少|好多|大部分|大多|多数|少数|一些|很少|不多|几乎|全部|所有"
)
_ASKS_DATE = re.compile(
    r"\b(?:what|which)(?:'s|\s+is|\s+was)?\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?<!last )(?<!next )(?<!this )(?<!each )(?<!every )(?<!per )(?:year|date|month)\b"
    r"|哪一?年|[几幾]月|[几幾][号號]|哪一?天(?!天)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|spring|summer|autumn|winter|yesterday|tomorrow|ago|"
    r"(?:last|next|this)\s+(?:year|month|week|quarter))\b|\d+(?:st|nd|rd|th)\b"
    r"|\d\s*[年月号日]|[去今明前后]年|[上下本这][个]?月|[月年][底初中]|季度|[周]\s*[一二三四五六日]"
    r"|星期|礼拜|[一二三四五六七八九十]+月|[一二三四五六七八九十]+[号日](?![子常])",
    re.IGNORECASE,
)


_ASKS_SHARE = re.compile(
    r"\b(?:what|which)\s+(?:share|percentage|proportion|fraction|percent)\b|\bwhat\s*%"
    r"|\bhow\s+much\s+of\b|[占佔][多几幾]|[几幾]成|比例|百分之[几幾]|占比|多大比|[几幾]个点",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"\d\s*%|\bper\s*cent|\bpercent|\bhalf\b|\bthirds?\b|\bquarters?\b|\bmost\b|\bmajority\b"
    r"|\bminority\b|\bfew\b|\bnone\b|一半|[一二两三四五六七八九十]成|百分之"
    r"|\d+\s*成|分之|大部分|大多|多数|少数|一小部分|全部|几乎",
    re.IGNORECASE,
)

_DAY_PART = (
    r"\b(?:morning|afternoon|evening|noon|midday|midnight|lunchtime|overnight)\b"
    r"|早上|早晨|上午|中午|下午|傍晚|晚上|凌晨|半夜|夜里|一早"
)
_HOUR = r"[\d一二两三四五六七八九十]+\s*点"
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)(?!\w)|\b\d{1,2}:\d\d\b"
    rf"|(?:(?:{_DAY_PART}){_HOUR}|{_HOUR}(?=[半钟前后左右多开到才就]))(?:半|钟)?",
    re.IGNORECASE,
)
"""A clock time: "9am", "9:30", 晚上九点, 八点半; not 这两点 (two points) or 十个点."""
_ASKS_CLOCK = re.compile(r"\bwhat\s+time\b|[几幾][点點](?![儿兒])", re.IGNORECASE)
_DAY_PART_WORD = re.compile(_DAY_PART, re.IGNORECASE)


def states_amount(text: str) -> bool:
    """Whether a text gives any quantity, exact or vague ("four", "quite a lot",
    不少): a question asking how many or how much is not answered by a fact that
    states none. A clock time is not a quantity (早上九点一开门, "at 9am")."""
    plain = _CLOCK.sub(" ", _plain(text))
    if chinese.has_han(text):
        return bool(_CHINESE_QUANTITY.search(plain))
    return bool(_QUANTITY.search(plain))


def asks_clock(question: str) -> bool:
    """Whether a question asks what time of day ("what time…", 几点): a quantity of
    hours is not its answer, a clock time or part of the day is."""
    return bool(_ASKS_CLOCK.search(question))


def states_clock(text: str) -> bool:
    """Whether a text names a time of day, exact or by the part of the day ("9am",
    晚上九点, 第二天中午): "报表几点能出来？" is not answered by a count of machines."""
    plain = _plain(text)
    return bool(_CLOCK.search(plain) or _DAY_PART_WORD.search(plain))


def asks_date(question: str) -> bool:
    """Whether a question asks for a point in the calendar ("which year…", 哪年, 几号)."""
    return bool(_ASKS_DATE.search(question))


def asks_share(question: str) -> bool:
    """Whether a question asks what share or percentage ("what share of…", 占多少, 几成)."""
    return bool(_ASKS_SHARE.search(_plain(question)))


def states_share(text: str) -> bool:
    """Whether a text gives a share, exact or vague ("11 percent", "half", 四成, 大部分):
    "几成是外卖单？" is not answered by a fact that only counts the stores."""
    return bool(_SHARE.search(_plain(text)))


def _plain(text: str) -> str:
    return chinese.simplified(text) if chinese.has_han(text) else text


def states_date(text: str) -> bool:
    """Whether a text names a point in the calendar, exact or relative ("2017", "last
    March", 去年, 每月5号): a question asking which year or date (:func:`asks_date`)
    is not answered by a fact that names none."""
    return bool(_DATE.search(_plain(text)))
