"""Scenario scripts: load trainer-written YAML into a typed scenario, checked
against the shipped JSON Schema and for what a schema cannot say (fact ids that
lines refer to, topics that exist). Every problem is reported as
``file:line: field: ...``.

A scenario is either loaded whole or not at all, so a rep never meets a
half-written customer.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from salescoach import data_files
from salescoach.frameworks import SPIN_LEVELS
from salescoach.practice.validation import (
    Problem,
    ScenarioError,
    did_you_mean,
    field_name,
    node_at,
    validated,
)

logger = logging.getLogger(__name__)
SCENARIOS_ENV = "SALESCOACH_SCENARIOS"
PROJECT = Path(__file__).resolve().parents[2]
TEST_SUFFIX = ".test.yml"
DEFAULT_TRIGGERS = ("feature_dump",)
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
DEFAULT_MAX_TURNS = 12


@dataclass(frozen=True)
class Line:
    """One variant of something the customer says, and when it may be said:
    ``after`` the customer has told these facts, ``if_said`` once the rep has
    used one of these words (so the customer never refers to things unsaid)."""

    text: str
    after: tuple[str, ...] = ()
    if_said: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """Something the customer knows and tells to a question that asks for it."""

    id: str
    level: str
    text: str
    topics: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Persona:
    name: str
    role: str
    disc: str
    traits: tuple[str, ...] = ()
    patience: int = 60
    trust: int = 40


@dataclass(frozen=True)
class Objection:
    kind: str
    raise_after_turn: int
    lines: tuple[Line, ...]
    root_cause: tuple[Line, ...]
    pushback: tuple[Line, ...]
    resolved: tuple[Line, ...]
    raise_when: tuple[str, ...] = DEFAULT_TRIGGERS


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    difficulty: str
    industry: str
    product: str
    context: str
    persona: Persona
    opening: tuple[Line, ...]
    facts: tuple[Fact, ...]
    objections: tuple[Objection, ...]
    fillers: tuple[Line, ...]
    endings: dict[str, tuple[Line, ...]]
    max_turns: int = DEFAULT_MAX_TURNS
    customer_knows: tuple[str, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reactions: dict[str, tuple[Line, ...]] = field(default_factory=dict)
    language: str = "en"
    """What the customer speaks and the rep replies in (``frameworks.LANGUAGES``)."""
    path: str = field(default="", compare=False)

    def fact(self, fact_id: str) -> Fact:
        return next(f for f in self.facts if f.id == fact_id)

    def facts_at(self, level: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.level == level)


def default_folder() -> Path:
    """Where scenarios are read from: ``$SALESCOACH_SCENARIOS``, else ./scenarios,
    else the project's own scenarios/ (so commands work from any folder)."""
    if os.environ.get(SCENARIOS_ENV):
        return Path(os.environ[SCENARIOS_ENV])
    here = Path("scenarios")
    return here if here.is_dir() else PROJECT / "scenarios"


def load(path: str | Path) -> Scenario:
    """Load one scenario file, raising ScenarioError that lists every problem."""
    data, node = validated(path, "scenario")
    scenario = _build(data, str(path))
    problems = _cross_checks(scenario, Path(path), node)
    if problems:
        raise ScenarioError(problems)
    return scenario


def scenario_files(directory: str | Path) -> list[Path]:
    """Scenario scripts in a folder; ``*.test.yml`` beside them are their scripted tests."""
    return [p for p in sorted(Path(directory).glob("*.yml")) if not p.name.endswith(TEST_SUFFIX)]


def load_dir(directory: str | Path) -> dict[str, Scenario]:
    """Load every ``*.yml`` in a folder; all problems across files are reported together."""
    scenarios, problems = load_good(directory)
    if problems:
        raise ScenarioError(problems)
    return scenarios


def load_good(directory: str | Path) -> tuple[dict[str, Scenario], list[Problem]]:
    """Every scenario in a folder that loads, and the problems of those that do not
    (a broken file, or a second file claiming an id already taken)."""
    scenarios: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for path in scenario_files(directory):
        try:
            scenario = load(path)
        except ScenarioError as err:
            problems.extend(err.problems)
            continue
        if scenario.id in scenarios:
            other = scenarios[scenario.id].path
            problems.append(
                Problem(str(path), 1, "id", f"'{scenario.id}' is already used by {other}")
            )
            continue
        scenarios[scenario.id] = scenario
    return scenarios, problems


def ids_in(directory: str | Path) -> set[str]:
    """The ids the scenario files in a folder claim, finished or not (for `scenario new`)."""
    found = set()
    for path in scenario_files(directory):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.add(data["id"])
    return found


@dataclass
class _Catalogue:
    stamp: tuple[tuple[str, float], ...] = ()
    listed: dict[str, Scenario] = field(default_factory=dict)
    """What reps can pick."""
    known: dict[str, Scenario] = field(default_factory=dict)
    """Every scenario this process has loaded, by id, as last loaded: running calls."""


_catalogues: dict[str, _Catalogue] = {}


def load_dir_cached(directory: str | Path) -> dict[str, Scenario]:
    """The live catalogue: re-read only when a file was added, removed or edited, and
    never broken by one file. A file that does not load (a scaffold still full of
    TODOs, a copy with the same id, an edit with a mistake) is logged and left out,
    or, if it loaded before, kept at its last good version."""
    key = str(directory)
    catalogue = _catalogues.setdefault(key, _Catalogue())
    stamp = tuple((str(p), p.stat().st_mtime) for p in scenario_files(directory))
    if catalogue.stamp != stamp:
        scenarios, problems = load_good(directory)
        for problem in problems:
            logger.warning("scenario left out of the catalogue: %s", problem)
        broken = {problem.path for problem in problems}
        for old in catalogue.listed.values():
            if old.path in broken and old.id not in scenarios:
                logger.warning("keeping the last good version of %s", old.path)
                scenarios[old.id] = old
        catalogue.stamp, catalogue.listed = stamp, scenarios
        catalogue.known.update(scenarios)
    return catalogue.listed


def find(directory: str | Path, scenario_id: str) -> Scenario | None:
    """The scenario a running call started with: still there if its file was removed,
    renamed or broken since (a rep's call never ends because a trainer edits a file)."""
    listed = load_dir_cached(directory)
    return listed.get(scenario_id) or _catalogues[str(directory)].known.get(scenario_id)


def topics() -> dict[str, dict[str, str]]:
    """What a question can ask about (``data/topics.yml``), by id."""
    return data_files.load("topics")


def _lines(values: list[Any]) -> tuple[Line, ...]:
    return tuple(
        Line(v.strip())
        if isinstance(v, str)
        else Line(
            v["text"].strip(),
            tuple(v.get("after", ())),
            tuple(w.lower() for w in v.get("if_said", ())),
        )
        for v in values
    )


def _facts(data: dict[str, list[Any]]) -> tuple[Fact, ...]:
    """Facts by level; each also answers the topics every fact of its level answers."""
    facts = []
    for level in SPIN_LEVELS:
        implied = [t for t, about in topics().items() if about.get("every") == level]
        for number, entry in enumerate(data[level], start=1):
            if isinstance(entry, str):
                entry = {"text": entry}
            listed = list(entry.get("topics", ()))
            facts.append(
                Fact(
                    entry.get("id", f"{level}-{number}"),
                    level,
                    entry["text"].strip(),
                    tuple(dict.fromkeys(listed + implied)),
                    tuple(q.strip() for q in entry.get("questions", ())),
                )
            )
    return tuple(facts)


def _build(data: dict[str, Any], path: str) -> Scenario:
    persona = data["persona"]
    return Scenario(
        id=data["id"],
        title=data["title"],
        difficulty=data["difficulty"],
        industry=data["industry"],
        product=data["product"].strip(),
        context=data["context"].strip(),
        persona=Persona(
            name=persona["name"],
            role=persona["role"],
            disc=persona["disc"],
            traits=tuple(persona.get("traits", ())),
            patience=persona.get("patience", 60),
            trust=persona.get("trust", 40),
        ),
        opening=_lines(data["opening"]),
        facts=_facts(data["facts"]),
        objections=tuple(
            Objection(
                kind=o["kind"],
                raise_after_turn=o["raise_after_turn"],
                lines=_lines(o["lines"]),
                root_cause=_lines(o["root_cause"]),
                pushback=_lines(o["pushback"]),
                resolved=_lines(o["resolved"]),
                raise_when=tuple(o.get("raise_when", DEFAULT_TRIGGERS)),
            )
            for o in data["objections"]
        ),
        fillers=_lines(data["fillers"]),
        endings={k: _lines(v) for k, v in data["endings"].items()},
        max_turns=data.get("max_turns", DEFAULT_MAX_TURNS),
        customer_knows=tuple(data.get("customer_knows", ())),
        synonyms={
            k.lower(): tuple(w.lower() for w in v) for k, v in data.get("synonyms", {}).items()
        },
        reactions={k: _lines(v) for k, v in data.get("reactions", {}).items()},
        language=data.get("language", "en"),
        path=path,
    )


def _cross_checks(scenario: Scenario, path: Path, root: yaml.Node) -> list[Problem]:
    """What the schema cannot check: unique fact ids, facts that lines refer to."""

    def problem(parts: list[Any], message: str) -> Problem:
        return Problem(
            str(path), node_at(root, parts).start_mark.line + 1, field_name(parts), message
        )

    problems: list[Problem] = []
    ids = [f.id for f in scenario.facts]
    seen: set[str] = set()
    for fact in scenario.facts:
        if fact.id in seen:
            level_facts = scenario.facts_at(fact.level)
            index = next(i for i, f in enumerate(level_facts) if f is fact)
            problems.append(
                problem(["facts", fact.level, index, "id"], f"'{fact.id}' is used by another fact")
            )
        seen.add(fact.id)
    groups: dict[tuple[Any, ...], list[Line]] = {}
    for parts, line in _all_lines(scenario):
        groups.setdefault(tuple(parts[:-1]), []).append(line)
        for fact_id in line.after:
            if fact_id not in ids:
                problems.append(
                    problem(
                        [*parts, "after"],
                        f"no fact with id '{fact_id}'{did_you_mean(fact_id, ids)}",
                    )
                )
    for parts, lines in groups.items():
        if all(line.after or line.if_said for line in lines):
            problems.append(
                problem(
                    list(parts),
                    "every line has a condition (after/if_said): add one without, "
                    "for when none of them fits",
                )
            )
    return sorted(problems, key=lambda p: p.line)


def _all_lines(scenario: Scenario) -> list[tuple[list[Any], Line]]:
    groups: list[tuple[list[Any], tuple[Line, ...]]] = [
        (["opening"], scenario.opening),
        (["fillers"], scenario.fillers),
        *((["endings", k], v) for k, v in scenario.endings.items()),
        *((["reactions", k], v) for k, v in scenario.reactions.items()),
    ]
    for i, o in enumerate(scenario.objections):
        for name in ("lines", "root_cause", "pushback", "resolved"):
            groups.append((["objections", i, name], getattr(o, name)))
    return [([*parts, n], line) for parts, lines in groups for n, line in enumerate(lines)]


def in_language(catalogue: dict[str, Scenario], language: str) -> dict[str, Scenario]:
    """The scenarios a rep practising in ``language`` picks from: English ones for
    English; for Chinese, both scripts (a rep reads either), theirs first."""
    if language == "en":
        return {k: s for k, s in catalogue.items() if s.language == "en"}
    chinese = [s for s in catalogue.values() if s.language != "en"]
    chinese.sort(key=lambda s: s.language != language)
    return {s.id: s for s in chinese}
