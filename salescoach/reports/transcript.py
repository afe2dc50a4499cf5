"""One practice session as the rep lived it: the customer's opening line, each
reply with its score, what it hit, the tips shown, the customer's answer, and the
hints the rep asked for before it.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from salescoach.columns import width
from salescoach.reports import labels
from salescoach.reports.report import FRAMEWORKS, ReportError, parsed
from salescoach.reports.text import short_time
from salescoach.store import Store
from salescoach.web.coach_panel import hits

MIN_PREFIX = 6
WIDTH = 100
LABEL = 10
"""Columns of a line's label ("Customer", "Rep"), after the turn number's five."""


def load(store: Store, session_id: str) -> dict[str, Any]:
    """A session by id or by a unique prefix of at least six characters, like git."""
    matches = [
        row[0]
        for row in store.db.execute(
            "SELECT id FROM sessions WHERE id = ? OR (length(?) >= ? AND id LIKE ? || '%') LIMIT 2",
            [session_id, session_id, MIN_PREFIX, session_id],
        ).fetchall()
    ]
    if session_id in matches:
        matches = [session_id]
    if not matches:
        hint = f" (give at least {MIN_PREFIX} characters)" if len(session_id) < MIN_PREFIX else ""
        raise ReportError(
            f"no session '{session_id}'{hint}; `salescoach report --view sessions` lists them"
        )
    if len(matches) > 1:
        raise ReportError(f"'{session_id}' matches several sessions: give more characters")
    session = next(
        store.db.query(
            "SELECT sessions.*, reps.name AS rep_name, reps.team FROM sessions"
            " LEFT JOIN reps ON reps.id = sessions.rep_id WHERE sessions.id = ?",
            matches,
        )
    )
    session = parsed(session)
    session["turn_list"] = [
        {**t, "result": json.loads(t["result"]), "feedback": json.loads(t["feedback"])}
        for t in store.turns(matches[0])
    ]
    session["hints_after_last_reply"] = _place_hints(session["turn_list"], store.hints(matches[0]))
    return session


def _place_hints(turns: list[dict[str, Any]], hints: list[dict[str, Any]]) -> list[str]:
    """Give each turn the hints asked before it (after the previous reply), as the rep
    read them; returns the hints asked after the last reply, which no turn follows."""
    pending = hints
    for t in turns:
        t["hints_before"] = [h["text"] for h in pending if h["after_turn"] < t["turn"]]
        pending = [h for h in pending if h["after_turn"] >= t["turn"]]
    return [h["text"] for h in pending]


def to_json(session: dict[str, Any]) -> dict[str, Any]:
    """The stable shape `salescoach transcript --json` prints."""
    return {
        "session_id": session["id"],
        "rep": session["rep_name"],
        "team": session["team"],
        "scenario_id": session["scenario_id"],
        "persona": session["persona"],
        "started_at": session["started_at"],
        "ended_at": session["ended_at"],
        "outcome": session["outcome"],
        "exam": bool(session.get("exam")),
        "overall": session["overall"],
        "frameworks": {f: session[f] for f in FRAMEWORKS},
        "scorecard": session["card"] or None,
        "opening": session.get("opening"),
        "turns": [
            {
                "turn": t["turn"],
                "hints_before": t["hints_before"],
                "rep": t["rep_text"],
                "score": t["score"],
                "feedback": t["feedback"],
                "hit": hits(t["result"]),
                "evidence": t["result"].get("evidence", []),
                "customer": t["customer_line"],
            }
            for t in session["turn_list"]
        ],
        "hints_after_last_reply": session["hints_after_last_reply"],
    }


def text(session: dict[str, Any], language: str = "en") -> str:
    """The session for a terminal, labels in ``language``, what was said as stored."""
    lang = language

    def label(key: str, turn: str = "") -> str:
        word = labels.text(key, lang)
        return f"{turn:>3}  {word}{' ' * max(1, LABEL - width(word))}"

    def score(value: Any) -> str:
        return "-" if value is None else str(value)

    frameworks = " · ".join(
        f"{labels.text('legend_' + f, lang)} {score(session[f])}" for f in FRAMEWORKS
    )
    exam = f" · {labels.text('exam', lang)}" if session.get("exam") else ""
    lines = [
        labels.text("t_session", lang, id=session["id"]) + exam,
        labels.text(
            "t_who",
            lang,
            rep=session["rep_name"],
            team=session["team"] or labels.text("t_no_team", lang),
            scenario=session["scenario_id"],
            persona=session["persona"],
            time=short_time(session["started_at"]),
        ),
        labels.text(
            "t_result",
            lang,
            outcome=labels.outcome(session["outcome"], lang),
            count=len(session["turn_list"]),
            overall=score(session["overall"]),
            frameworks=frameworks,
        ),
    ]
    empty = labels.text("t_empty", lang)
    if session.get("opening"):
        lines += ["", _wrapped(label("t_customer"), session["opening"], empty)]
    asked = label("t_asked")
    no_step = labels.text("t_no_step", lang)
    for t in session["turn_list"]:
        coach = labels.text("t_coach", lang)
        coach_label = f"     {coach}{' ' * max(1, 6 - width(coach))}{t['score']:>3} "
        lines += [
            "",
            *(_wrapped(asked, hint, empty) for hint in t["hints_before"]),
            _wrapped(label("t_rep", str(t["turn"])), t["rep_text"], empty),
            _wrapped(coach_label, ", ".join(hits(t["result"], lang)) or no_step, empty),
            *(_wrapped(label("t_tip"), tip, empty) for tip in t["feedback"]),
            _wrapped(label("t_customer"), t["customer_line"], empty),
        ]
    if session["hints_after_last_reply"]:
        lines += ["", *(_wrapped(asked, hint, empty) for hint in session["hints_after_last_reply"])]
    work_on = session["card"].get("work_on") or []
    if work_on:
        lines += ["", labels.text("t_work_on", lang), *(f"- {tip}" for tip in work_on)]
    return "\n".join(lines)


def _wrapped(label: str, body: str, empty: str) -> str:
    body = " ".join(body.split()) or empty
    return textwrap.fill(
        body, WIDTH, initial_indent=label, subsequent_indent=" " * width(label), max_lines=12
    )
