"""Hong Kong Cantonese read as written Chinese, for matching only.

Why: Hong Kong reps type Cantonese (你哋倉有幾大？係咪成日等太耐？) while the
scenarios' facts, the cue lists and the course are written Chinese; read in its
written form, a Cantonese question meets its fact, and 係咪 / 定係 / 有冇 ask
the way 是否 / 还是 / 有没 do. Like :func:`chinese.simplified`, the result
is for matching: evidence and transcripts keep what the rep typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from salescoach.scoring import chinese

_CANTONESE = (
    ("系唔系", "是不是"), ("系咪", "是否"), ("定系", "还是"), ("唔系", "不是"), ("就系", "就是"),
    ("都系", "都是"), ("我系", "我是"), ("你哋", "你们"), ("我哋", "我们"), ("佢哋", "他们"),
    ("佢", "他"), ("嘅", "的"), ("咗", "了"), ("喺", "在"), ("冇", "没"), ("唔", "不"),
    ("而家", "现在"), ("几多", "多少"), ("几耐", "多久"), ("几时", "何时"), ("边个", "是谁"),
    ("边度", "哪里"), ("点解", "为何"), ("点样", "怎样"), ("咁", "这"), ("𠮶", "那"),
    ("嗰", "那"), ("呢个", "这个"), ("呢啲", "这些"), ("啲", "些"), ("睇", "看"), ("嚟", "来"),
    ("乜嘢", "什么"), ("咩", "啥"), ("嘢", "事"), ("畀", "给"), ("俾", "给"), ("揾", "找"),
    ("边间", "哪间"), ("边家", "哪家"), ("边种", "哪种"), ("边方面", "哪方面"), ("边位", "哪位"),
    ("边行", "哪行"), ("问吓", "问下"), ("倾吓", "谈下"), ("计吓", "算下"), ("看吓", "看下"),
    ("试吓", "试下"), ("㗎", "的"),
)  # fmt: skip
"""Cantonese words and written forms of the same length (冇 as 没, 边个 as 是谁), so a
span found in the written form is the same span in what the rep typed; longest first
where one contains another; after Simplified conversion 係 is 系, so only in phrases
that cannot be 系统's 系."""


_SPOKEN_CANTONESE = re.compile("[嘅咗喺冇唔哋佢啲嚟睇嘢咩嗰𠮶揾畀㗎]|系咪|定系")
"""Characters written Mandarin does not use: only a text with one of them is read as
Cantonese (点解 is "why" there, but also inside Mandarin's 重点解决)."""


@lru_cache(maxsize=16384)
def written(text: str) -> str:
    """Simplified written Chinese for matching, as long as the text: Cantonese words in
    their written forms."""
    plain = chinese.simplified(text)
    if _SPOKEN_CANTONESE.search(plain):
        for spoken, standard in _CANTONESE:
            plain = plain.replace(spoken, standard)
    return plain
