"""What a rep or lead reads, in their language: the message catalogue.

One YAML file per area in ``data/messages/`` (``chat.yml``, ``page.yml``…), each
with an ``en`` and a ``zh`` section holding the same keys. Chinese is written in
Simplified characters and shown in Traditional to a zh-Hant rep through OpenCC,
as the tips are, so a translator keeps one Chinese text. Code asks for
``text("chat.briefing", language, title=...)``; wording never lives in code.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from salescoach import data_files
from salescoach.scoring import chinese
from salescoach.scoring.reply import LANGUAGE_NAMES


class UnknownMessage(KeyError):
    """A key no catalogue has: a typo in code, caught by the catalogue test."""


@cache
def catalogue(area: str) -> dict[str, dict[str, str]]:
    """``data/messages/<area>.yml`` as ``{"en": {...}, "zh": {...}}``."""
    loaded: dict[str, Any] = data_files.load(f"messages/{area}")
    return {section: dict(loaded.get(section) or {}) for section in ("en", "zh")}


def text(key: str, language: str = "en", **fields: Any) -> str:
    """The message ``area.name`` in ``language`` (``frameworks.LANGUAGES``), its
    ``{fields}`` filled in after the script conversion, so names, titles and lines
    reach the reader as they were written. A key missing in Chinese falls back to
    English rather than failing a rep's turn; the catalogue test keeps both complete."""
    area, _, name = key.partition(".")
    sections = catalogue(area)
    chinese_text = language != "en" and name in sections["zh"]
    template = sections["zh" if chinese_text else "en"].get(name)
    if template is None:
        raise UnknownMessage(key)
    if chinese_text:
        template = chinese.in_script(template, language)
    return template.format(**fields) if fields else template


def normal(language: str | None) -> str:
    """A language name as the catalogue knows it (``frameworks.LANGUAGES``): the
    aliases a ``lang`` field takes ('zh' and 'zh-CN' read as zh-Hans); anything else
    is English."""
    name = LANGUAGE_NAMES.get((language or "").strip().lower(), "en")
    return "zh-Hans" if name == "zh" else name
