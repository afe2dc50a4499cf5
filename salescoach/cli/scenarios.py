"""`salescoach scenario ...`: list, validate, test, scaffold and play the
scenario scripts trainers write."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

import click

from salescoach import columns
from salescoach.cli.common import (
    DIR_OPTION,
    BadInputError,
    json_object,
    language_named,
    load_scenarios,
    nlu_parser,
    scenario_folder,
)
from salescoach.frameworks import DISC, OBJECTION_KINDS
from salescoach.practice import chat_text, rehearsal, scaffold, scorecard, session
from salescoach.practice import scenario as scenario_mod
from salescoach.practice.understanding import Parse

MAX_SAY = 10_000
PLAY_KEYS = {"scenario", "seed", "say"}


@click.group()
def scenario() -> None:
    """List, check, test and play the scenario scripts (scenarios/*.yml)."""


@scenario.command("list")
@click.option(
    "--lang",
    "language",
    help="Only what a rep practising in this language picks from (en, zh-Hans, zh-Hant, zh; "
    "Chinese: both scripts).",
)
@DIR_OPTION
def scenario_list(language: str | None, directory: str | None) -> None:
    """Show the scenarios reps can pick, and the folder they are read from.

    \b
    Examples:
        salescoach scenario list
        salescoach scenario list --lang zh-Hant
    """
    catalogue = load_scenarios(directory)
    if language:
        catalogue = scenario_mod.in_language(catalogue, language_named(language))
    scenarios = list(catalogue)
    ids = max((len(s) for s in scenarios), default=0)
    industries = max((columns.width(catalogue[s].industry) for s in scenarios), default=0)
    for s in (catalogue[i] for i in scenarios):
        click.echo(
            f"{s.id:{ids}}  {s.language:7} {s.persona.disc}  {s.difficulty:6} "
            f"{columns.ljust(s.industry, industries)} "
            f"{'/'.join(o.kind for o in s.objections):13} {s.title}"
        )
    click.echo(f"({len(scenarios)} in {scenario_folder(directory).resolve()})", err=True)


@scenario.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
@DIR_OPTION
def scenario_validate(paths: tuple[str, ...], directory: str | None) -> None:
    """Check scenario files; every error names file, line and field.

    PATH may be a scenario file or a folder (every *.yml in it, and duplicate
    ids across them). With no PATH, checks the scenario folder. Exit code 2 on
    any error.

    \b
    Examples:
        salescoach scenario validate scenarios/
        salescoach scenario validate scenarios/my_new_scenario.yml
    """
    targets = [Path(p) for p in paths] or [scenario_folder(directory)]
    problems: list[str] = []
    loaded = 0
    for target in targets:
        try:
            if target.is_dir():
                found = scenario_mod.scenario_files(target)
                if not found:
                    problems.append(f"{target}: no scenario files (*.yml) in this folder")
                loaded += len(scenario_mod.load_dir(target))
            else:
                scenario_mod.load(target)
                loaded += 1
        except scenario_mod.ScenarioError as err:
            problems.extend(str(p) for p in err.problems)
    if problems:
        raise BadInputError(f"{len(problems)} problem(s):\n" + "\n".join(problems))
    where = ", ".join(str(t.resolve()) for t in targets)
    click.echo(f"ok: {loaded} scenario(s) valid ({where})")


@scenario.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@DIR_OPTION
def scenario_test(paths: tuple[str, ...], directory: str | None) -> None:
    """Play a scenario's scripted trainee turns through the real engine.

    PATH is a scenario file (its NAME.test.yml beside it is run), a test file or
    a folder (every *.test.yml in it). With no PATH, runs every *.test.yml in the
    scenario folder. Replies are understood by the trained NLU model, as in the
    chat. Prints pass/fail per step and what the customer said; exit code 1 if
    a step fails, 2 if a file is broken.

    \b
    Examples:
        salescoach scenario test
        salescoach scenario test scenarios/my_new_scenario.yml
    """
    scripts = _test_files(paths, directory)
    scenarios = load_scenarios(directory, required=False) if directory or not paths else {}
    parse = nlu_parser()
    try:
        results = [rehearsal.rehearse(path, scenarios, parse) for path in scripts]
    except scenario_mod.ScenarioError as err:
        raise BadInputError(f"{len(err.problems)} problem(s):\n{err}") from None
    for result in results:
        click.echo(rehearsal.report(result))
    failed = [r.scenario_id for r in results if not r.passed]
    if failed:
        click.echo(f"FAILED: {', '.join(failed)}", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(results)} scenario test(s) passed")


def _test_files(paths: tuple[str, ...], directory: str | None) -> list[Path]:
    suffix = scenario_mod.TEST_SUFFIX
    found: list[Path] = []
    for target in [Path(p) for p in paths] or [scenario_folder(directory)]:
        if target.is_dir():
            tests = sorted(target.glob(f"*{suffix}"))
            if not tests:
                raise BadInputError(f"{target}: no test files (*{suffix}) in this folder")
            found += tests
        elif not target.exists():
            raise BadInputError(f"{target}: no such file or folder")
        else:
            script = rehearsal.script_for(target)
            if not script.exists():
                raise BadInputError(f"{script}: no test file beside {target.name}")
            found.append(script)
    return found


@scenario.command("new")
@click.argument("scenario_id")
@click.option("--persona", "disc", required=True, type=click.Choice(DISC))
@click.option(
    "--objection",
    "kinds",
    multiple=True,
    required=True,
    type=click.Choice(OBJECTION_KINDS),
    help="Repeat for several, in the order the customer raises them.",
)
@click.option(
    "--difficulty",
    default="medium",
    show_default=True,
    type=click.Choice(["easy", "medium", "hard"]),
)
@click.option("--industry", default="general", show_default=True)
@click.option("--title", help="Shown to reps in the picker (default: from the id).")
@click.option(
    "--lang",
    "language",
    default="en",
    show_default=True,
    help="What the customer speaks (en, zh-Hans, zh-Hant; zh is zh-Hans): Chinese scaffolds "
    "start from Chinese lines.",
)
@click.option("--dir", "directory", type=click.Path(), help="Where to write (default: scenarios/).")
def scenario_new(
    scenario_id: str,
    disc: str,
    kinds: tuple[str, ...],
    difficulty: str,
    industry: str,
    title: str | None,
    language: str,
    directory: str | None,
) -> None:
    """Scaffold a scenario and its test file, full of TODO placeholders to replace.

    The persona's and objections' lines start from defaults; every TODO (the
    product, the briefing, the facts and what they answer) must be replaced:
    `scenario validate` reports each one left.

    Example: salescoach scenario new gym-membership-price --persona I --objection price

    Chinese: salescoach scenario new zh-gym-membership --persona I --objection price --lang zh-Hant
    """
    language = language_named(language)
    if not scenario_mod.ID_PATTERN.fullmatch(scenario_id):
        raise BadInputError(f"id '{scenario_id}': use lowercase letters, digits, '-' or '_'")
    folder = Path(directory) if directory else scenario_mod.default_folder()
    if scenario_id in scenario_mod.ids_in(folder):
        raise BadInputError(f"id '{scenario_id}' is already used in {folder}/")
    data = scaffold.scenario_data(
        scenario_id,
        title or scenario_id.replace("-", " ").capitalize(),
        disc,
        list(kinds),
        difficulty,
        industry,
        language,
    )
    try:
        paths = scaffold.write(folder, data)
    except (FileExistsError, NotADirectoryError) as err:
        raise BadInputError(str(err)) from None
    click.echo(f"wrote {paths[0]} and {paths[1]}")
    click.echo(
        f"next: replace every TODO, then `salescoach scenario validate {paths[0]}` "
        f"and `salescoach scenario test {paths[0]}`"
    )


@scenario.command("play")
@click.argument("target", required=False)
@click.option(
    "--jsonl",
    is_flag=True,
    help='Read calls from TARGET (a file, default stdin): {"scenario": ID, "seed": ..., '
    '"say": [...]} per line; print one JSON line per call.',
)
@click.option("--seed", help="Fixes which line variants the customer picks (interactive).")
@DIR_OPTION
def scenario_play(target: str | None, jsonl: bool, seed: str | None, directory: str | None) -> None:
    """Talk to a scenario's customer in the terminal, on the engine the chat uses.

    TARGET is a scenario id or file. Type your replies as the rep; `hint` gives
    a tip, `end` (or Ctrl-D) shows the scorecard. With --jsonl, plays scripted
    calls in bulk instead (each line one fresh call).

    \b
    Examples:
        salescoach scenario play logistics-backup-dominant
        salescoach scenario play --jsonl calls.jsonl > turns.jsonl
    """
    if jsonl:
        try:
            handle = click.open_file(target or "-", encoding="utf-8")
        except OSError as err:
            raise BadInputError(f"{target}: {err.strerror}") from None
        scenarios = load_scenarios(directory)
        calls = _read_calls(handle, scenarios)
        parse = nlu_parser()
        for chosen, call_seed, lines in calls:
            turns = _play_call(chosen, call_seed, lines, parse)
            click.echo(json.dumps({"scenario": chosen.id, "turns": turns}, ensure_ascii=False))
        return
    if not target:
        raise BadInputError("give a scenario id or file to play (or --jsonl)")
    _play_interactive(_one_scenario(target, directory), seed, nlu_parser())


def _one_scenario(target: str, directory: str | None) -> scenario_mod.Scenario:
    path = Path(target)
    if path.suffix == ".yml" or path.exists():
        try:
            return scenario_mod.load(path)
        except scenario_mod.ScenarioError as err:
            raise BadInputError(f"{len(err.problems)} problem(s):\n{err}") from None
    scenarios = load_scenarios(directory)
    if target not in scenarios:
        known = ", ".join(scenarios)
        raise BadInputError(f"no scenario '{target}' (known: {known})")
    return scenarios[target]


def _read_calls(
    handle: IO[str], scenarios: dict[str, scenario_mod.Scenario]
) -> list[tuple[scenario_mod.Scenario, str, list[str]]]:
    """Every call checked before any is played, so bad input prints nothing on stdout."""
    calls = []
    name = getattr(handle, "name", "<stdin>")
    try:
        lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise BadInputError(f"{name}: cannot read ({err})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        data = json_object(line, where)
        unknown = sorted(set(data) - PLAY_KEYS)
        if unknown:
            raise BadInputError(
                f"{where}: unknown field(s) {', '.join(unknown)} (allowed: say, scenario, seed)"
            )
        scenario_id = data.get("scenario")
        if scenario_id not in scenarios:
            raise BadInputError(
                f"{where}: no scenario {scenario_id!r} (known: {', '.join(scenarios)})"
            )
        said = data.get("say")
        if (
            not isinstance(said, list)
            or not said
            or not all(isinstance(s, str) and s.strip() for s in said)
        ):
            raise BadInputError(f"{where}: `say` must be a non-empty list of non-empty strings")
        if any(len(s) > MAX_SAY for s in said):
            raise BadInputError(f"{where}: a reply in `say` is over {MAX_SAY:,} characters")
        calls.append((scenarios[scenario_id], str(data.get("seed", f"play:{number}")), said))
    if not calls:
        raise BadInputError(f"{name}: no calls (one JSON object per line)")
    return calls


def _play_call(
    chosen: scenario_mod.Scenario, seed: str, lines: list[str], parse: Parse
) -> list[dict[str, Any]]:
    state, _ = session.start(chosen, seed)
    turns = []
    for said in lines:
        if state.ended:
            break
        turn = session.take_turn(chosen, state, said, parse(said))
        state = turn.state
        turns.append(
            {
                "say": said,
                "customer": turn.customer.line,
                "event": turn.customer.event,
                "score": turn.result.score,
                "ended": turn.customer.ended,
                "outcome": turn.customer.outcome,
            }
        )
    return turns


def _play_interactive(chosen: scenario_mod.Scenario, seed: str | None, parse: Parse) -> None:
    """A call in the terminal, all in the scenario's language; 'hint' and 'end' work
    in English and in that language (the briefing names them: 提示, 结束)."""
    language = chosen.language
    hint_words = {"hint", chat_text.command("hint", language)}
    end_words = {"end", "quit", "exit", chat_text.command("end", language)}
    state, opening = session.start(chosen, seed or "play")
    click.echo(chat_text.briefing(chosen))
    click.echo(chat_text.customer(chosen, opening))
    while not state.ended:
        if sys.stdin.isatty():
            click.echo("you> ", nl=False)
        line = sys.stdin.readline()
        said = line.strip()
        if not line or said.lower() in end_words:
            break
        if not said:
            continue
        if said.lower() in hint_words:
            click.echo(chat_text.hint(chosen, state))
            continue
        turn = session.take_turn(chosen, state, said, parse(said))
        state = turn.state
        click.echo(chat_text.customer(chosen, turn.customer.line))
        click.echo(f"  [{turn.customer.event}] {chat_text.coach(turn.result, language)}")
    card = scorecard.build(chosen.id, state, language)
    click.echo(chat_text.scorecard(card, language))
