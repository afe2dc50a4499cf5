"""The message catalogue: both languages complete, fields filled, scripts right."""

from __future__ import annotations

import re
import string

import pytest

from salescoach import messages
from salescoach.data_files import DATA_DIR

AREAS = sorted(p.stem for p in (DATA_DIR / "messages").glob("*.yml"))
FIELD = string.Formatter()


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in FIELD.parse(template) if name}


@pytest.mark.parametrize("area", AREAS)
def test_every_message_is_in_both_languages_with_the_same_fields(area):
    sections = messages.catalogue(area)
    assert sections["en"], f"{area}.yml has no English messages"
    assert set(sections["en"]) == set(sections["zh"])
    for key, english in sections["en"].items():
        assert fields(english) == fields(sections["zh"][key]), f"{area}.{key}"


def test_a_message_comes_in_the_reps_script():
    simplified = messages.text("chat.reconnecting", "zh-Hans")
    traditional = messages.text("chat.reconnecting", "zh-Hant")
    assert "连接" in simplified and "連接" in traditional
    assert messages.text("chat.reconnecting").startswith("The coach")


def test_an_unknown_key_is_an_error_not_an_empty_line():
    with pytest.raises(messages.UnknownMessage):
        messages.text("chat.no_such_message", "zh-Hans")


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, "en"), ("en", "en"), ("zh", "zh-Hans"), ("zh-TW", "zh-Hant"), ("klingon", "en")],
)
def test_language_names_read_as_the_catalogue_knows_them(given, expected):
    assert messages.normal(given) == expected


def test_no_chinese_section_carries_english_by_mistake():
    """Words need Chinese; a template of fields and punctuation only ('{name}：{line}',
    the full-width colon being the Chinese part) has no words to translate."""
    for area in AREAS:
        for key, value in messages.catalogue(area)["zh"].items():
            words = re.sub(r"\{\w*\}", "", value)
            chinese = re.search(r"[\u4e00-\u9fff]", value)
            assert chinese or not re.search(r"[A-Za-z]", words), f"{area}.{key} has no Chinese"
