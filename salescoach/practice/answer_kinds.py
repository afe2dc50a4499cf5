"""What kind of answer a question asks for, and whether a fact gives it.

Why: the customer finds the fact a question asks for by the words they share, and
a question on a fact's own topic shares many of them while asking for something
the fact never says: "几级审批？" against a fact on how approvals work, "合同哪年
到期？" against one naming the system. Question-answering systems filter
candidates by the answer's type; so does the customer. Each rule here is a kind
of answer (a quantity, a date, a share) and a test of whether a fact's text
states one; a fact that does not is not a candidate
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
    r"\b(?:what|which)\s+(?:year|date|month)\b|哪一?年|[几幾]月|[几幾][号號]|哪一?天(?!天)",
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


def states_amount(text: str) -> bool:
    """Whether a text gives any quantity, exact or vague ("four", "quite a lot",
    不少): a question asking how many or how much is not answered by a fact that
    states none."""
    if chinese.has_han(text):
        return bool(_CHINESE_QUANTITY.search(chinese.simplified(text)))
    return bool(_QUANTITY.search(text))


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
