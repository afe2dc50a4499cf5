"""The reports' wording in the reader's language (``data/messages/report.yml``).

The template comes from the catalogue in the reader's script and the data is put in
afterwards, so a rep's name or a scenario title is shown as stored, never converted
to the other Chinese script. ``html`` escapes the template and takes fields that are
already HTML (the caller escapes data), for the pages.
"""

from __future__ import annotations

from html import escape
from typing import Any

from salescoach import messages


def text(key: str, language: str = "en", **fields: Any) -> str:
    """A report label, ``{fields}`` filled with the data as it is."""
    return messages.text(f"report.{key}", language, **fields)


def html(key: str, language: str = "en", **fields: Any) -> str:
    """A label as HTML: its own text escaped, ``fields`` (already HTML) put in as given."""
    return escape(messages.text(f"report.{key}", language), quote=False).format(**fields)


def totals(report: dict[str, Any]) -> dict[str, Any]:
    """The fields a report's heading line names: reps, sessions, turns, first and last day."""
    counted = report["totals"]
    days = {"first": counted["first"][:10], "last": counted["last"][:10]}
    return {key: counted[key] for key in ("reps", "sessions", "turns")} | days


def skill(name: str, language: str = "en", short: bool = False) -> str:
    """A skill as a reader knows it (the scorecard's SKILLS)."""
    return text(f"skill_{name}_short" if short else f"skill_{name}", language)


def outcome(name: str, language: str = "en") -> str:
    """How a call ended; an outcome this version does not know reads as its own words."""
    try:
        return text(f"outcome_{name}", language)
    except messages.UnknownMessage:
        return name.replace("_", " ")
