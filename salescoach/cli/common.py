"""What the commands share: the bad-input error (exit 2), JSON input, where
scenarios and the scores database are, and the NLU model for commands that
understand replies."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import click

from salescoach import messages
from salescoach.practice import scenario as scenario_mod
from salescoach.practice.understanding import Parse
from salescoach.scoring.reply import LANGUAGE_NAMES
from salescoach.store import Store, default_path


class BadInputError(click.ClickException):
    """Bad input: one line on stderr, nothing on stdout, exit code 2."""

    exit_code = 2


def language_named(given: str) -> str:
    """A ``--lang`` value as the catalogue knows it: what `score --lang` and the page
    take (en, zh, zh-Hans, zh-Hant, zh-CN, zh-TW…; 'zh' is zh-Hans)."""
    if given.strip().lower() not in LANGUAGE_NAMES:
        raise BadInputError(f"--lang {given}: one of en, zh-Hans, zh-Hant (or zh, zh-CN, zh-TW…)")
    return messages.normal(given)


def json_object(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInputError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(data, dict):
        raise BadInputError(f"{where}: expected a JSON object")
    return data


DIR_OPTION = click.option(
    "--dir",
    "directory",
    type=click.Path(),
    help="The scenario folder (default: $SALESCOACH_SCENARIOS, ./scenarios, else the project's).",
)

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="The scores database (default: $SALESCOACH_DB or var/salescoach.db).",
)


def scenario_folder(directory: str | None) -> Path:
    """The folder a command reads scenarios from; an error names it if it is not one."""
    folder = Path(directory) if directory else scenario_mod.default_folder()
    if not folder.exists():
        raise BadInputError(f"{folder}: no such folder (give --dir FOLDER)")
    if not folder.is_dir():
        raise BadInputError(f"{folder}: not a folder (give --dir FOLDER)")
    return folder


def load_scenarios(
    directory: str | None, required: bool = True
) -> dict[str, scenario_mod.Scenario]:
    """Every scenario in the folder; broken files are errors, an empty folder too."""
    folder = scenario_folder(directory)
    try:
        found = scenario_mod.load_dir(folder)
    except scenario_mod.ScenarioError as err:
        raise BadInputError(f"{len(err.problems)} problem(s):\n{err}") from None
    if required and not found:
        raise BadInputError(f"no scenario files (*.yml) in {folder.resolve()} (give --dir FOLDER)")
    return found


def existing_store(db: str | None) -> Store:
    path = db or default_path()
    if Path(path).is_dir():
        raise BadInputError(f"{path} is a folder, not a scores database")
    try:
        return Store.existing(path)
    except FileNotFoundError:
        raise BadInputError(
            f"no scores database at {path}: nobody has practised yet (or pass --db PATH)"
        ) from None
    except PermissionError:
        raise BadInputError(f"{path}: not readable (permission)") from None
    except sqlite3.DatabaseError as err:
        raise BadInputError(f"{path} is not a salescoach database ({err})") from None


def nlu_parser() -> Parse:
    """The trained Rasa model's NLU, loaded in this process (about ten seconds): the
    same understanding of a reply as the chat's Rasa server."""
    from salescoach_nlu.interpreter import Interpreter, ModelError, default_model

    try:
        return Interpreter(default_model()).parse
    except ModelError as err:
        raise BadInputError(str(err)) from None
