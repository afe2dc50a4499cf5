"""Scenario scripts: load trainer-written YAML, validate it against the shipped
JSON Schema, and report every problem as ``file:line: field: expected ...``.

A scenario is either loaded whole or not at all, so a rep never meets a
half-written customer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_DIR = Path(__file__).parent.parent / "schema"
TEST_SUFFIX = ".test.yml"
DEFAULT_TRIGGERS = ("feature_dump",)
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
SPIN_LEVELS = ("situation", "problem", "implication", "need_payoff")
DEFAULT_MAX_TURNS = 12


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, located for the trainer."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ScenarioError(ValueError):
    """Raised with every problem found in one or more scenario files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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
    lines: tuple[str, ...]
    root_cause: tuple[str, ...]
    pushback: tuple[str, ...]
    resolved: tuple[str, ...]
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
    opening: tuple[str, ...]
    facts: dict[str, tuple[str, ...]]
    objections: tuple[Objection, ...]
    fillers: tuple[str, ...]
    endings: dict[str, tuple[str, ...]]
    max_turns: int = DEFAULT_MAX_TURNS
    path: str = field(default="", compare=False)


@lru_cache(maxsize=1)
def schema(name: str = "scenario") -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def validated(path: str | Path, schema_name: str) -> dict[str, Any]:
    """A YAML file's data, checked against a shipped JSON Schema; every problem at once."""
    path = Path(path)
    text = _read(path)
    node = _compose(path, text)
    data = yaml.safe_load(text)
    problems = [_locate(path, node, err) for err in _validator(schema_name).iter_errors(data)]
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: p.line))
    return data


def load(path: str | Path) -> Scenario:
    """Load one scenario file, raising ScenarioError that lists every problem."""
    return _build(validated(path, "scenario"), str(path))


def scenario_files(directory: str | Path) -> list[Path]:
    """Scenario scripts in a folder; ``*.test.yml`` beside them are their scripted tests."""
    return [p for p in sorted(Path(directory).glob("*.yml")) if not p.name.endswith(TEST_SUFFIX)]


def load_dir(directory: str | Path) -> dict[str, Scenario]:
    """Load every ``*.yml`` in a folder; all problems across files are reported together."""
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
        scenarios[scenario.id] = scenario
    if problems:
        raise ScenarioError(problems)
    return scenarios


_dir_cache: dict[str, tuple[tuple[tuple[str, float], ...], dict[str, Scenario]]] = {}


def load_dir_cached(directory: str | Path) -> dict[str, Scenario]:
    """``load_dir`` that re-reads only when a file was added, removed or edited."""
    key = str(directory)
    stamp = tuple((str(p), p.stat().st_mtime) for p in scenario_files(directory))
    cached = _dir_cache.get(key)
    if cached is None or cached[0] != stamp:
        _dir_cache[key] = (stamp, load_dir(directory))
    return _dir_cache[key][1]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), 0, "(file)", "no such file")]) from None
    except UnicodeDecodeError as err:
        raise ScenarioError(
            [Problem(str(path), 1, "(file)", f"not UTF-8 text ({err.reason})")]
        ) from None


def _compose(path: Path, text: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else 1
        raise ScenarioError([Problem(str(path), line, "(yaml)", str(err.problem))]) from None
    if not isinstance(node, yaml.MappingNode):
        raise ScenarioError([Problem(str(path), 1, "(file)", "expected a mapping of fields")])
    return node


@cache
def _validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema(name))


def _field_name(parts: list[Any]) -> str:
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(top level)"


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _key_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return key_node
    return None


def _locate(path: Path, root: yaml.Node, error: jsonschema.ValidationError) -> Problem:
    """Turn a schema error into a Problem pointing at the YAML line that caused it."""
    parts = list(error.absolute_path)
    node = root
    for part in parts:
        child = _child(node, part)
        if child is None:
            break
        node = child
    line = node.start_mark.line + 1
    if error.validator == "additionalProperties":
        unexpected = re.findall(r"'([^']+)'", error.message)
        extra = [k for k in unexpected if k not in error.schema.get("properties", {})]
        key = extra[0] if extra else "?"
        key_node = _key_node(node, key)
        line = key_node.start_mark.line + 1 if key_node else line
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return Problem(
            str(path), line, _field_name([*parts, key]), f"unknown field (allowed: {allowed})"
        )
    if error.validator == "required":
        missing = re.findall(r"'([^']+)'", error.message)[0]
        return Problem(str(path), line, _field_name([*parts, missing]), "required field is missing")
    return Problem(str(path), line, _field_name(parts), _expected(error))


def _expected(error: jsonschema.ValidationError) -> str:
    got = json.dumps(error.instance)[:60]
    rule = error.validator_value
    messages = {
        "enum": lambda: f"expected one of {', '.join(map(str, rule))}, got {got}",
        "type": lambda: f"expected {rule}, got {got}",
        "minItems": lambda: f"expected at least {rule} item(s)",
        "minLength": lambda: f"expected at least {rule} character(s), got {got}",
        "pattern": lambda: f"expected lowercase letters, digits, '-' or '_', got {got}",
        "minimum": lambda: f"expected a number >= {rule}, got {got}",
        "maximum": lambda: f"expected a number <= {rule}, got {got}",
    }
    return messages.get(error.validator, lambda: error.message)()


def _lines(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in values)


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
        facts={level: _lines(data["facts"][level]) for level in SPIN_LEVELS},
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
        path=path,
    )
