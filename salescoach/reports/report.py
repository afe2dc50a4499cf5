"""Team-lead reports: who practised, how they score per framework and skill,
their trend, their weakest skill and the scenario to practise next.

Everything comes from the scores database the action server writes (the
``session_report`` view) and the scorecard saved with each session, so nothing
is re-scored. A session the rep never ended counts with its scores so far.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from statistics import mean
from typing import Any

from salescoach import data_files
from salescoach.frameworks import DISC_NAMES
from salescoach.practice.scenario import Scenario
from salescoach.practice.scorecard import SKILLS
from salescoach.scoring import spin
from salescoach.store import Store, now, rep_id

FRAMEWORKS = ("spin", "sandwich", "objection")
UNFINISHED = "unfinished"


class ReportError(Exception):
    """Bad input from the lead (unknown rep, no sessions): shown as one line, exit 2."""


@dataclass(frozen=True)
class Filters:
    """Which sessions a report covers. Dates are ISO days, both ends inclusive."""

    reps: tuple[str, ...] = ()
    team: str | None = None
    scenario: str | None = None
    since: str | None = None
    until: str | None = None
    teams: tuple[str, ...] | None = None
    """The teams a reader may see (a lead's own); None: every team."""

    def describe(self) -> str:
        parts = [f"--rep {r}" for r in self.reps]
        parts += [f"--{k} {v}" for k, v in asdict(self).items() if k not in ("reps", "teams") and v]
        return " ".join(parts) or "no filters"


def sessions(store: Store, filters: Filters) -> list[dict[str, Any]]:
    """The sessions with at least one reply that match, oldest first, scorecards parsed."""
    _check(store, filters)
    where, params = [], []
    if filters.reps:
        where.append(f"rep_id IN ({', '.join('?' * len(filters.reps))})")
        params += [rep_id(r) for r in filters.reps]
    if filters.teams is not None:
        where.append(f"team IN ({', '.join('?' * len(filters.teams))})")
        params += list(filters.teams)
    for clause, value in (
        ("team = ?", filters.team),
        ("scenario_id = ?", filters.scenario),
        ("started_at >= ?", filters.since),
        ("started_at < date(?, '+1 day')", filters.until),
    ):
        if value:
            where.append(clause)
            params.append(value)
    sql = "SELECT * FROM session_report"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = [parsed(row) for row in store.db.query(sql + " ORDER BY started_at, id", params)]
    if not rows:
        raise ReportError(
            f"no practice sessions in {store.path} yet: reps practise with `make run`"
            if not store.db["sessions"].count_where("turns > 0")
            else f"no practice sessions match {filters.describe()}"
        )
    return rows


def parsed(row: dict[str, Any]) -> dict[str, Any]:
    """A session row as reports read it: the scorecard parsed, no outcome yet = unfinished."""
    row["card"] = json.loads(row.pop("scorecard") or "{}")
    row["outcome"] = row["outcome"] or UNFINISHED
    return row


def _check(store: Store, filters: Filters) -> None:
    """Name what does not exist, with close matches, instead of an empty report."""
    known_reps = {r["id"]: r["name"] for r in store.db["reps"].rows}
    for name in filters.reps:
        if rep_id(name) not in known_reps:
            raise ReportError(f"no rep named '{name}'{_suggest(name, known_reps.values())}")
    checks = (
        ("team", filters.team, "SELECT DISTINCT team FROM reps WHERE team IS NOT NULL"),
        ("scenario", filters.scenario, "SELECT DISTINCT scenario_id FROM sessions"),
    )
    for label, value, sql in checks:
        known = [row[0] for row in store.db.execute(sql).fetchall()]
        if value and value not in known:
            raise ReportError(f"no {label} '{value}' in {store.path}{_suggest(value, known)}")


def _suggest(value: str, known: Any) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    if close:
        return f"; did you mean {', '.join(close)}?"
    return f"; known: {', '.join(known[:10])}" if known else "; there are none yet"


def build(
    rows: list[dict[str, Any]],
    catalogue: dict[str, Scenario],
    filters: Filters | None = None,
    last: int = 5,
    min_sessions: int = 3,
) -> dict[str, Any]:
    """The whole report as plain data: what --json prints and the other views render."""
    by_rep: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_scenario: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_rep[row["rep_id"]].append(row)
        by_scenario[row["scenario_id"]].append(row)
    reps = [_rep(group, catalogue, last) for group in by_rep.values()]
    reps.sort(key=lambda r: r["name"].lower())
    return {
        "generated_at": now(),
        "filters": asdict(filters or Filters()),
        "totals": {
            "reps": len(reps),
            "sessions": len(rows),
            "turns": sum(r["turns"] for r in rows),
            "first": rows[0]["started_at"],
            "last": rows[-1]["started_at"],
        },
        "reps": reps,
        "leaderboard": leaderboard(reps, min_sessions),
        "scenarios": sorted(
            (_scenario(sid, group, catalogue) for sid, group in by_scenario.items()),
            key=lambda s: (s["average"], s["scenario_id"]),
        ),
        "sessions": [_session_summary(row) for row in rows],
    }


def _rep(rows: list[dict[str, Any]], catalogue: dict[str, Scenario], last: int) -> dict[str, Any]:
    latest, overall = rows[-1], [r["overall"] for r in rows]
    skill_scores = _skill_means(rows)
    weakest = next(iter(_weakest_first(skill_scores)), None)
    recent = overall[-last:]
    return {
        "rep_id": latest["rep_id"],
        "name": latest["rep_name"],
        "team": latest["team"],
        "sessions": len(rows),
        "finished": sum(r["outcome"] != UNFINISHED for r in rows),
        "turns": sum(r["turns"] for r in rows),
        "average": round(mean(overall)),
        "best": max(overall),
        "frameworks": _framework_means(rows),
        "skills": skill_scores,
        "spin_mix": _spin_mix(rows),
        "trend": {"scores": recent, "change": _change(recent)},
        "weakest_skill": None if weakest is None else _skill_ref(weakest, skill_scores[weakest]),
        "practise_next": None if weakest is None else suggest(weakest, rows, catalogue),
        "last_practised": latest["started_at"],
        "recent": [_session_summary(r) for r in rows[-last:]][::-1],
    }


def _change(scores: list[int]) -> int | None:
    """Recent half minus earlier half of the window: positive means improving."""
    if len(scores) < 2:
        return None
    half = len(scores) // 2
    return round(mean(scores[-half:]) - mean(scores[:half]))


def _framework_means(rows: list[dict[str, Any]]) -> dict[str, int | None]:
    return {f: _mean([r[f] for r in rows]) for f in FRAMEWORKS}


def _skill_means(rows: list[dict[str, Any]]) -> dict[str, int | None]:
    return {s: _mean([_skill_of(r, s) for r in rows]) for s in SKILLS}


def _skill_of(row: dict[str, Any], skill: str) -> int | None:
    """A session's score on a skill; None when the call gave no chance to show it."""
    return row["card"].get("skills", {}).get(skill)


def _spin_mix(rows: list[dict[str, Any]]) -> dict[str, int]:
    mix: Counter[str] = Counter()
    for row in rows:
        mix.update(row["card"].get("spin_mix", {}))
    return {kind: mix[kind] for kind in spin.TYPES}


def _weakest_first(skill_scores: dict[str, int | None]) -> list[str]:
    """The skills the sessions gave a chance to show, lowest score first (ties in SKILLS order)."""
    return sorted((s for s in SKILLS if skill_scores[s] is not None), key=skill_scores.get)


def _mean(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return round(mean(present)) if present else None


def _skill_ref(skill: str, score: int | None) -> dict[str, Any]:
    info = data_files.load("skills")[skill]
    return {"skill": skill, "label": info["label"], "short": info["short"], "score": score}


def suggest(
    skill: str, rows: list[dict[str, Any]], catalogue: dict[str, Scenario]
) -> dict[str, str] | None:
    """The matching scenario this rep has played least (then scored lowest on), and why."""
    info = data_files.load("skills")[skill]
    matching = [s for s in catalogue.values() if _matches(s, info["practise"])]
    plays = Counter(r["scenario_id"] for r in rows)
    scores = {sid: mean(r["overall"] for r in rows if r["scenario_id"] == sid) for sid in plays}
    chosen = min(
        matching or catalogue.values(),
        key=lambda s: (plays[s.id], scores.get(s.id, 0), s.id),
        default=None,
    )
    if chosen is None:
        return None
    fits = _features(chosen, info["practise"]) if chosen in matching else None
    return {
        "scenario_id": chosen.id,
        "title": chosen.title,
        "why": _why(skill, rows, fits, plays[chosen.id]),
    }


def _why(skill: str, rows: list[dict[str, Any]], fits: str | None, plays: int) -> str:
    """The reason in this rep's numbers and the chosen scenario's make-up, never a
    general cause: a lead once read "price objections make you give hard news" about a
    rep who had only met a timing objection."""
    info = data_files.load("skills")[skill]
    shown = [score for score in (_skill_of(r, skill) for r in rows) if score is not None]
    own = (
        f"{info['label']}: {round(mean(shown))} on average over the {len(shown)} of "
        f"{len(rows)} session(s) that called for it"
        if shown
        else f"none of the {len(rows)} session(s) called for {info['label'].lower()} yet"
    )
    offer = (
        f"this scenario has {fits}, {info['why']}"
        if fits
        else "no scenario targets this skill, so this is the one played least"
    )
    return f"{own}; {offer}; " + (f"played {plays} time(s) so far" if plays else "not played yet")


def _features(scenario: Scenario, wanted: dict[str, list[str]]) -> str:
    """What the scenario has that a skill's ``practise`` asks for, in words."""
    parts = []
    if "persona" in wanted:
        disc = scenario.persona.disc
        parts.append(f"a {DISC_NAMES[disc]} ({disc}) customer")
    if "objection" in wanted:
        kinds = list(
            dict.fromkeys(o.kind for o in scenario.objections if o.kind in wanted["objection"])
        )
        plural = "s" if len(kinds) > 1 else ""
        parts.append(("" if plural else "a ") + " and ".join(kinds) + f" objection{plural}")
    if "difficulty" in wanted:
        parts.append(f"the {scenario.difficulty} level")
    return " and ".join(parts)


def _matches(scenario: Scenario, wanted: dict[str, list[str]]) -> bool:
    kinds = {o.kind for o in scenario.objections}
    return (
        scenario.persona.disc in wanted.get("persona", [scenario.persona.disc])
        and scenario.difficulty in wanted.get("difficulty", [scenario.difficulty])
        and bool(kinds & set(wanted.get("objection", kinds)))
    )


def leaderboard(reps: list[dict[str, Any]], min_sessions: int) -> list[dict[str, Any]]:
    """Ranked by average; a rep needs ``min_sessions`` so one lucky call does not top it."""
    ranked = sorted(
        (r for r in reps if r["sessions"] >= min_sessions),
        key=lambda r: (-r["average"], -r["sessions"], r["name"].lower()),
    )
    keys = ("rep_id", "name", "team", "sessions", "average", "best")
    return [
        {"rank": rank, **{k: r[k] for k in keys}, "change": r["trend"]["change"]}
        for rank, r in enumerate(ranked, start=1)
    ]


def _scenario(
    scenario_id: str, rows: list[dict[str, Any]], catalogue: dict[str, Scenario]
) -> dict[str, Any]:
    known = catalogue.get(scenario_id)
    skill_scores = _skill_means(rows)
    rated = _weakest_first(skill_scores)
    outcomes = Counter(r["outcome"] for r in rows)
    return {
        "scenario_id": scenario_id,
        "title": known.title if known else scenario_id,
        "persona": rows[0]["persona"],
        "difficulty": known.difficulty if known else None,
        "sessions": len(rows),
        "reps": len({r["rep_id"] for r in rows}),
        "average": round(mean(r["overall"] for r in rows)),
        "frameworks": _framework_means(rows),
        "outcomes": dict(outcomes.most_common()),
        "walk_away_rate": round(outcomes["walk_away"] / len(rows), 2),
        "weakest_skills": [_skill_ref(s, skill_scores[s]) for s in rated[:2]],
    }


def _session_summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "session_id": row["id"],
        "started_at": row["started_at"],
        "rep_id": row["rep_id"],
        "name": row["rep_name"],
        "team": row["team"],
        "scenario_id": row["scenario_id"],
        "turns": row["turns"],
        "overall": row["overall"],
        **{f: row[f] for f in FRAMEWORKS},
        "outcome": row["outcome"],
        "exam": bool(row.get("exam")),
    }
