"""Whitespace tokens, with runs of Chinese characters segmented by jieba.

Why: one Rasa model understands English and Chinese (see the README's "Chinese
practice"). Rasa's WhitespaceTokenizer refuses ``language: zh`` and would keep
a Chinese sentence as one token; its JiebaTokenizer accepts only ``zh`` and
keeps the spaces of mixed text as tokens, which breaks training on product
names like "ERP 系统" (RasaHQ/rasa#7910, still in 3.6.21); and the whitespace
tokenizer's emoji filter drops Chinese words (its emoji ranges cover CJK). Here
each run of Chinese characters is cut by jieba (on its Simplified form, so both
scripts segment alike) and the rest goes to the whitespace tokenizer as before.
"""

from __future__ import annotations

import logging
import re
import warnings
from functools import lru_cache
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from salescoach.scoring import chinese

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _jieba() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MixedTokenizer(WhitespaceTokenizer):
    """English on whitespace, Chinese by jieba, in one pass; offsets are the text's own."""

    @staticmethod
    def not_supported_languages() -> list[str] | None:
        return None

    @staticmethod
    def required_packages() -> list[str]:
        return ["jieba"]

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        runs = list(_HAN_RUN.finditer(text))
        if not runs:
            return super().tokenize(message, attribute)
        masked = _HAN_RUN.sub(lambda m: " " * len(m.group()), text)
        tokens = (
            super().tokenize(Message({attribute: masked}), attribute)
            if any(c.isalnum() for c in masked)
            else []
        )
        for run in runs:
            simple = chinese.simplified(run.group())
            for _, start, end in _jieba().tokenize(simple):
                tokens.append(Token(run.group()[start:end], run.start() + start))
        return self._apply_token_pattern(sorted(tokens, key=lambda t: t.start))
