"""Terminal columns that line up with Chinese in them: a Han character takes two
cells of a terminal, so padding by ``len`` pushes every column after it."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Cells ``text`` takes in a terminal (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def ljust(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


def rjust(text: str, cells: int) -> str:
    return " " * max(0, cells - width(text)) + text
