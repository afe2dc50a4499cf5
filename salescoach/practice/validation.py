"""Read a trainer's YAML file and check it against a shipped JSON Schema,
reporting every problem as ``file:line: field: what to do`` in plain words.

Trainers are not YAML experts: parser jargon ("mapping values are not allowed
here") is translated into what to change, unknown keys and values get a "did
you mean", and a placeholder left by `scenario new` is an error, not a valid
customer line.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_DIR = Path(__file__).parent.parent / "schema"
PLACEHOLDER = "TODO"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located for the trainer."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{where}: {self.message}"
            if self.field == "(file)"
            else (f"{where}: {self.field}: {self.message}")
        )


class ScenarioError(ValueError):
    """Raised with every problem found in one or more files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


MAX_FILE_BYTES = 1024 * 1024
"""The longest shipped scenario is about 20 KB; a bigger file is a mistake, not a script."""


class _Refused(yaml.MarkedYAMLError):
    """YAML this project does not accept, with the plain words to show and where."""


class _Loader(yaml.SafeLoader):
    """Safe YAML as a trainer means it: dates stay text (``title: 2024-05-01`` is a
    title), and anchors, aliases (an alias bomb expands into gigabytes), explicit tags
    (``!!binary``, ``!!set``) and duplicate keys are refused where they stand."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                problem="'&' and '*' (anchors and aliases) are not allowed: write the text out",
                problem_mark=event.start_mark,
            )
        if getattr(event, "tag", None) not in (None, "!"):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                problem=f"the tag '{tag}' is not allowed: write plain text",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)) or key in seen:
                raise _Refused(
                    problem=f"'{key}' appears twice here: keep one (the second would win silently)"
                    if key in seen
                    else "a list or a mapping cannot be a field name",
                    problem_mark=key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_PLAIN_WORDS = (
    ("'\\t'", "a tab character: indent with spaces, not tabs"),
    ("mapping values are not allowed", "a ':' inside a value: put the whole text in quotes"),
    ("could not find expected ':'", "a line without 'name: value', or a quote left open above"),
    ("expected <block end>", "this line is indented differently from the lines above it"),
    ("did not find expected '-'", "this line is indented differently from the list above it"),
    ("did not find expected key", "this line is indented differently from the lines above it"),
    ("found unexpected end of stream", "a quote or bracket is opened and never closed"),
    ("end of the stream or a document separator", "a second value where one was expected"),
    ("found undefined alias", "'*' starts an alias: put the whole text in quotes"),
    ("found character '@'", "'@' cannot start a value: put the whole text in quotes"),
    ("found character '`'", "'`' cannot start a value: put the whole text in quotes"),
)


def read_yaml(path: Path) -> tuple[Any, yaml.Node]:
    """The file's data and its YAML node tree (for line numbers)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and path.is_file():
            raise ScenarioError(
                [
                    Problem(
                        str(path),
                        0,
                        "(file)",
                        f"is {size / 1e6:.1f} MB; a scenario is at most 1 MB",
                    )
                ]
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), 0, "(file)", "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(str(path), 0, "(file)", "is a folder, not a file")]) from None
    except PermissionError:
        raise ScenarioError(
            [Problem(str(path), 0, "(file)", "not readable (permission)")]
        ) from None
    except UnicodeDecodeError as err:
        raise ScenarioError(
            [Problem(str(path), 1, "(file)", f"not UTF-8 text ({err.reason})")]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ScenarioError(
            [Problem(str(path), line, "(file)", "a NUL byte: this is not a text file")]
        )
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise ScenarioError([Problem(str(path), line, "(yaml)", _plain(err))]) from None
    except yaml.YAMLError as err:
        raise ScenarioError([Problem(str(path), 1, "(yaml)", str(err))]) from None
    if not isinstance(node, yaml.MappingNode):
        raise ScenarioError([Problem(str(path), 1, "(file)", "expected 'name: value' fields")])
    return data, node


def _plain(err: yaml.MarkedYAMLError) -> str:
    said = f"{err.context or ''} {err.problem or ''}"
    return next((words for jargon, words in _PLAIN_WORDS if jargon in said), said.strip())


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema(name))


def validated(
    path: str | Path, schema_name: str, placeholders: bool = False
) -> tuple[dict[str, Any], yaml.Node]:
    """A YAML file's data checked against a shipped schema, with its node tree;
    every problem at once, sorted by line. ``placeholders=True`` lets TODOs pass
    (for the scaffold as it is written)."""
    path = Path(path)
    data, node = read_yaml(path)
    problems = [locate(path, node, err) for err in _validator(schema_name).iter_errors(data)]
    if not placeholders:
        problems += placeholders_in(path, node)
    if problems:
        raise ScenarioError(sorted(set(problems), key=lambda p: p.line))
    return data, node


def placeholders_in(path: Path, node: yaml.Node, parts: tuple[Any, ...] = ()) -> list[Problem]:
    """Every value still holding a `scenario new` placeholder."""
    if isinstance(node, yaml.ScalarNode):
        if PLACEHOLDER in str(node.value):
            return [
                Problem(
                    str(path),
                    node.start_mark.line + 1,
                    field_name(list(parts)),
                    f"still a placeholder ({_short(node.value)}): write the real text",
                )
            ]
        return []
    if isinstance(node, yaml.MappingNode):
        return [
            p
            for key, value in node.value
            for p in placeholders_in(path, value, (*parts, key.value))
        ]
    if isinstance(node, yaml.SequenceNode):
        return [
            p
            for i, child in enumerate(node.value)
            for p in placeholders_in(path, child, (*parts, i))
        ]
    return []


def field_name(parts: list[Any]) -> str:
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(top level)"


def node_at(root: yaml.Node, parts: list[Any]) -> yaml.Node:
    """The deepest node along ``parts`` (for its line number)."""
    node = root
    for part in parts:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node


def _entry(node: yaml.Node, key: Any) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of ``key`` in a mapping node, or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in node.value if k.value == key), None)


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    entry = _entry(node, part)
    return entry[1] if entry else None


def _key_node(node: yaml.Node, key: str) -> yaml.Node | None:
    entry = _entry(node, key)
    return entry[0] if entry else None


def did_you_mean(value: Any, choices: list[str]) -> str:
    """' (did you mean X?)' for a near miss, else ''."""
    text = str(value)
    same_case = [c for c in choices if c.lower() == text.lower()]
    close = same_case or difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _branch_error(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For 'text, or an object with text': the error inside the branch the value was
    meant for (an object gets the object's errors, not 'expected text')."""
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for inner in error.context or []:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    meant = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    ]
    errors = (meant or list(branches.values()) or [[error]])[0]
    return max(errors, key=lambda e: len(e.absolute_path))


def locate(path: Path, root: yaml.Node, error: jsonschema.ValidationError) -> Problem:
    """Turn a schema error into a Problem pointing at the YAML line that caused it."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        inner = _branch_error(error)
        if inner is not error:
            return locate(path, root, inner)
    parts = list(error.absolute_path)
    node = node_at(root, parts)
    line = node.start_mark.line + 1
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unexpected = re.findall(r"'([^']+)'", error.message)
        key = next((k for k in unexpected if k not in allowed), "?")
        key_node = _key_node(node, key)
        line = key_node.start_mark.line + 1 if key_node else line
        return Problem(
            str(path),
            line,
            field_name([*parts, key]),
            f"unknown field{did_you_mean(key, allowed)} (allowed: {', '.join(allowed)})",
        )
    if error.validator == "required":
        missing = re.findall(r"'([^']+)'", error.message)[0]
        return Problem(str(path), line, field_name([*parts, missing]), "required field is missing")
    return Problem(str(path), line, field_name(parts), _expected(error))


def _short(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _expected(error: jsonschema.ValidationError) -> str:
    got = _short(error.instance)
    rule = error.validator_value
    kinds = {"string": "text", "integer": "a whole number", "array": "a list", "object": "fields"}
    messages = {
        "enum": lambda: f"expected one of {', '.join(map(str, rule))}, got {got}"
        + did_you_mean(error.instance, [str(r) for r in rule]),
        "type": lambda: f"expected {kinds.get(rule, rule)}, got {got}",
        "minItems": lambda: f"expected at least {rule} item(s)",
        "minLength": lambda: f"expected at least {rule} character(s), got {got}",
        "pattern": lambda: f"expected lowercase letters, digits, '-' or '_', got {got}",
        "minimum": lambda: f"expected a number >= {rule}, got {got}",
        "maximum": lambda: f"expected a number <= {rule}, got {got}",
        "uniqueItems": lambda: "each item may appear only once",
    }
    return messages.get(error.validator, lambda: error.message)()
