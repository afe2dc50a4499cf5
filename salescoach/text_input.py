"""Text where it enters the product (the page, the chat channel, the CLI): one form
for every string, so a name or a reply is stored and compared the same way.

Why: "José" typed on a Mac (decomposed, NFD) and on Windows (composed, NFC) are the
same name and must be one rep; a lone surrogate ("\\ud800", which some clients send
for a broken emoji) cannot be written to SQLite as UTF-8 and made every retry of
that turn fail; a 10,000-character name broke every table a lead reads.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 60
_SURROGATE = re.compile("[\ud800-\udfff]")
_MARKS = re.compile(r"[\u0300-\u036f]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides: in a name they can make it read as
another (U+202E turns 'Dee evil' around in every table a lead reads)."""


class BadName(ValueError):
    """A name that cannot be a rep's or a team's; the message says why, for the user."""


def clean(text: str) -> str:
    """NFC, with any lone surrogate replaced by U+FFFD (the reply is kept, readable)."""
    return unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))


def clean_name(name: str, limit: int = MAX_NAME) -> str:
    """A display name as stored: NFC, single spaces; refused with a reason otherwise."""
    if _SURROGATE.search(name):
        raise BadName("the name has characters that are not text (a broken emoji?)")
    if _CONTROLS.search(name.replace("\t", " ").replace("\n", " ")):
        raise BadName("the name has control or text-direction characters")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not any(ch.isalpha() for ch in name):
        raise BadName(f"'{name}' is not a name: use letters")
    if len(name) > limit:
        raise BadName(f"a name is at most {limit} characters")
    if name.startswith("/"):
        raise BadName("a name cannot start with '/'")
    return name


def skeleton(name: str) -> str:
    """What a name looks like, for telling lookalikes apart: 'José Díaz', 'jose diaz'
    and 'Jose  Diaz' share one skeleton."""
    bare = _MARKS.sub("", unicodedata.normalize("NFKD", name))
    return "".join(ch for ch in bare.casefold() if ch.isalnum())
