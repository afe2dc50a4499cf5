"""Which language a page is drawn in, and the practice page's wording in it.

The rep chooses on the page (English, 简体中文, 繁體中文); the page remembers the choice
in the browser and in a cookie, so every page the server draws (the practice page,
progress, the dashboard) comes in it without asking again. Before any choice the
browser's Accept-Language decides. The wording is ``data/messages/page.yml``: the
static pages carry only keys (``data-msg="start"``), filled in here before they are
served, and the scripts get the same messages as JSON to fill in what they draw, so
the page never holds a copy of its own wording.
"""

from __future__ import annotations

import json
import re
from html import escape

from sanic.request import Request

from salescoach import messages

COOKIE = "salescoach_lang"
"""Set by the page's script (static/i18n.js) when the rep picks a language."""
_TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
_TEXT = re.compile(r'(<(\w+)\b[^>]*\sdata-msg="(\w+)"[^>]*>)[^<]*(</\2>)')
_LABEL = re.compile(r'\sdata-msg-label="(\w+)"')
_HTML_LANG = re.compile(r'<html lang="[^"]*">')


def from_accept_language(header: str | None) -> str:
    """The first language of a browser's Accept-Language that the page speaks, by
    weight: 'zh-TW' and 'zh-Hant-HK' read as Traditional, other Chinese as Simplified;
    English when none is Chinese or English."""
    wanted = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        found = re.search(r"q=([^;,\s]*)", params)
        if found:
            try:
                weight = float(found[1])
            except ValueError:
                weight = 0.0
        wanted.append((-weight, position, tag.strip().lower()))
    for weight, _, tag in sorted(wanted):
        if weight == 0:
            continue
        if tag == "zh" or tag.startswith("zh-"):
            return "zh-Hant" if tag.startswith(_TRADITIONAL) else "zh-Hans"
        if tag == "en" or tag.startswith("en-"):
            return "en"
    return "en"


def chosen(request: Request) -> str:
    """This request's language: ``?lang=`` first (a link to a page in one language),
    then the rep's choice on the page (the cookie), then the browser's."""
    asked = request.args.get("lang") or request.cookies.get(COOKIE)
    if asked:
        return messages.normal(asked)
    return from_accept_language(request.headers.get("accept-language"))


def page_messages(language: str) -> dict[str, str]:
    """Every message of the page in ``language``, its ``{fields}`` left for the script."""
    return {key: messages.text(f"page.{key}", language) for key in messages.catalogue("page")["en"]}


def render(html: str, language: str) -> str:
    """A static page in ``language``: each ``data-msg`` element's text and each
    ``data-msg-label`` element's aria-label from the catalogue, ``<html lang>`` set, and
    the messages as JSON for its script (a data block: the CSP runs no inline script)."""
    wording = page_messages(language)
    html = _HTML_LANG.sub(f'<html lang="{language}">', html, count=1)
    html = _TEXT.sub(lambda m: f"{m[1]}{escape(wording[m[3]], quote=False)}{m[4]}", html)
    html = _LABEL.sub(lambda m: f'{m[0]} aria-label="{escape(wording[m[1]])}"', html)
    data = json.dumps(wording, ensure_ascii=False).replace("<", "\\u003c")
    block = f'<script type="application/json" id="page-messages">{data}</script>'
    return html.replace("</head>", f"  {block}\n</head>", 1)
