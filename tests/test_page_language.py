"""The practice and sign-in pages in the rep's language: every key the pages and their
scripts use is in the catalogue, the server fills the pages in, and the browser's
Accept-Language chooses before the rep does."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from salescoach import messages
from salescoach.web import language

STATIC = resources.files("salescoach.web") / "static"
PAGES = ("index.html", "signin.html")
SCRIPTS = ("app.js", "signin.js", "i18n.js")


def static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def test_every_key_the_pages_and_scripts_use_is_in_the_catalogue():
    known = set(messages.catalogue("page")["en"])
    used = set()
    for name in PAGES:
        used |= set(re.findall(r'data-msg(?:-label)?="(\w+)"', static(name)))
    for name in SCRIPTS:
        used |= set(re.findall(r'\bt\("(\w+)"', static(name)))
        prefixes = re.findall(r'named\("(\w+_)"', static(name))
        used |= {key for key in known for prefix in prefixes if key.startswith(prefix)}
    assert used - known == set()
    assert {"start", "you", "network_down", "disc_D", "level_hard", "invite_for"} <= used


def test_the_pages_hold_no_wording_of_their_own():
    """Text between tags is either a catalogue key's element (empty) or not words."""
    for name in PAGES:
        html = re.sub(r"<option[^>]*>[^<]*</option>", "", static(name))  # language names
        words = [t.strip() for t in re.findall(r">([^<]+)<", html) if t.strip()]
        assert [w for w in words if w not in ("salescoach", "/100")] == [], name


@pytest.mark.parametrize(
    ("language_", "start", "title"),
    [("en", "Start a call", "Pick a scenario"), ("zh-Hans", "开始通话", "选择练习场景"),
     ("zh-Hant", "開始通話", "選擇練習場景")],
)  # fmt: skip
def test_the_practice_page_is_drawn_in_the_language(language_, start, title):
    html = language.render(static("index.html"), language_)
    assert f'<html lang="{language_}">' in html
    assert f'data-msg="start">{start}</button>' in html
    assert f'data-msg="picker_title">{title}</h2>' in html
    assert re.search(r'data-msg="\w+"[^>]*></', html) is None, "an element left empty"
    data = re.search(r'<script type="application/json" id="page-messages">(.*?)</script>', html)
    assert json.loads(data[1]) == language.page_messages(language_)


def test_the_english_page_reads_as_before():
    html = language.render(static("index.html"), "en")
    for said in (
        '<title data-msg="title">salescoach: practise a sales call</title>',
        'aria-label="Conversation"',
        "Your reply to the customer (Enter sends, Shift+Enter for a new line)</label>",
        '<span data-msg="exam_mode">Exam mode</span>',
    ):
        assert said in html
    signin = language.render(static("signin.html"), "zh-Hant")
    assert 'data-msg="password">密碼</label>' in signin and 'lang="zh-Hant"' in signin


def test_the_messages_for_the_script_keep_their_fields_in_the_script_of_the_rep():
    hant = language.page_messages("zh-Hant")
    assert hant["card_meta"].startswith("{turns} 次回") and hant["card_meta"].endswith("{outcome}")
    assert "复" not in hant["card_meta"]
    assert (
        "練習" in hant["login_title"] and "练习" in language.page_messages("zh-Hans")["login_title"]
    )
    assert language.page_messages("en")["you_sell"] == "You sell: {product} {context}"


def test_a_json_block_cannot_close_its_script_element():
    html = language.render('<html lang="en"><head></head><body></body></html>', "en")
    assert html.count("</script>") == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("", "en"),
        ("zh-TW,zh;q=0.9,en;q=0.8", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("en-GB,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,zh-TW;q=0.5", "zh-Hant"),
        ("de,fr", "en"),
        ("en;q=0.2,zh-CN;q=0.8", "zh-Hans"),
        ("zh-CN;q=0,en", "en"),
        ("zh-CN;q=abc", "en"),
        ("*", "en"),
    ],
)
def test_the_browsers_languages_choose_before_the_rep_does(header, expected):
    assert language.from_accept_language(header) == expected
