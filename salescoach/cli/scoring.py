"""`salescoach score` (one reply, stdin or JSONL) and `salescoach eval` (the
scorer and the customer's listening on labelled sets)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, Protocol

import click

from salescoach.cli.common import BadInputError, json_object, load_scenarios, nlu_parser
from salescoach.practice import listening_eval, nlu_eval
from salescoach.practice.scenario import PROJECT
from salescoach.scoring import BadInput, Context, evaluate, learned, score_reply
from salescoach.scoring.reply import LANGUAGE_NAMES

EVAL_FOLDER = Path("tests") / "data"


def default_eval_folder() -> Path:
    """./tests/data, else the project's (so `eval` works from any folder)."""
    return EVAL_FOLDER if EVAL_FOLDER.is_dir() else PROJECT / EVAL_FOLDER


def _context(data: dict[str, Any], where: str) -> Context:
    try:
        return Context.from_json(data)
    except BadInput as err:
        raise BadInputError(f"{where}: {err}") from None


@click.command()
@click.argument("text", required=False)
@click.option(
    "--context-file",
    type=click.File("r"),
    help='JSON such as {"objection": "price", "persona": "D", "customer_line": "..."}.',
)
@click.option(
    "--jsonl",
    type=click.File("r"),
    help="Score one reply per line: JSON objects with `text` and optional context fields.",
)
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGE_NAMES), case_sensitive=False),
    help="The rep's language, for the tips (default: told from each reply's characters; "
    "a `lang` field in the context or a JSONL line wins).",
)
def score(
    text: str | None, context_file: IO[str] | None, jsonl: IO[str] | None, lang: str | None
) -> None:
    """Score one trainee reply (English or Chinese) and print the result as JSON.

    \b
    Examples:
        salescoach score "What does that outage cost you?"
        salescoach score "这个问题每个月会让你们多花多少钱？"
        echo "I understand. What are you comparing it to?" | salescoach score --context-file c.json
        salescoach score --jsonl replies.jsonl
    """
    defaults = {"lang": lang} if lang else {}
    if jsonl is not None:
        if text is not None or context_file is not None:
            raise BadInputError(
                "--jsonl takes no TEXT or --context-file (put context in each line)"
            )
        _score_jsonl(jsonl, defaults)
        return
    context = _context(defaults, "--lang")
    if context_file is not None:
        data = {**defaults, **json_object(_read(context_file), context_file.name)}
        context = _context(data, context_file.name)
    if text is None:
        if sys.stdin.isatty():
            raise BadInputError("give the reply as TEXT or on standard input")
        text = sys.stdin.read()
    if not text.strip():
        raise BadInputError("the reply is empty: give the words the rep said")
    click.echo(json.dumps(score_reply(text, context).to_json(), ensure_ascii=False))


def _read(handle: IO[str]) -> str:
    try:
        return handle.read()
    except (OSError, UnicodeDecodeError) as err:
        raise BadInputError(f"{handle.name}: cannot read ({err})") from None


def _score_jsonl(handle: IO[str], defaults: dict[str, Any]) -> None:
    """Validate every line first so bad input prints nothing on stdout."""
    jobs: list[tuple[str, Context]] = []
    for number, line in enumerate(_read(handle).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{handle.name}:{number}"
        data = json_object(line, where)
        reply = data.pop("text", None)
        if not isinstance(reply, str) or not reply.strip():
            raise BadInputError(f"{where}: `text` (a non-empty string) is required")
        jobs.append((reply, _context({**defaults, **data}, where)))
    for reply, context in jobs:
        click.echo(json.dumps(score_reply(reply, context).to_json(), ensure_ascii=False))


@click.command("eval")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@click.option("--misses", is_flag=True, help="Also list every reply the labels disagree on.")
@click.option("--dir", "directory", type=click.Path(), help="Scenario folder for listening sets.")
@click.option(
    "--cross-validate",
    is_flag=True,
    help="Also score the dev sets out of fold: each fifth by classifiers trained without it "
    "(about two minutes for English, one for Chinese, the first time; cached by data hash).",
)
def eval_command(
    paths: tuple[str, ...],
    as_json: bool,
    misses: bool,
    directory: str | None,
    cross_validate: bool,
) -> None:
    """Measure the scorer, the customer's listening and the NLU on labelled sets.

    Scoring sets (tests/data/*.jsonl): precision, recall, F1 per label; tune cue
    phrases on dev.jsonl only. Listening sets (tests/data/listening/*.jsonl):
    the share of answerable first questions that got a right fact and no
    other, and of unanswerable ones that revealed none. NLU held-out examples
    (tests/nlu/holdout.yml): intent and topic accuracy. The last two load the
    trained NLU model (about ten seconds). A PATH may be a file or a folder.

    \b
    Examples:
        salescoach eval
        salescoach eval --misses tests/data/listening/dev.jsonl
        salescoach eval --cross-validate --misses tests/data/dev.jsonl
    """
    files = _eval_files(paths)
    parse = None
    scoring_reports: list[evaluate.Report] = []
    for path in files:
        if path.suffix in (".yml", ".yaml"):
            parse = parse or nlu_parser()
            try:
                held_out = nlu_eval.evaluate(path.name, nlu_eval.load(path), parse)
            except nlu_eval.DataError as err:
                raise BadInputError(str(err)) from None
            text, detail, report = nlu_eval.table(held_out), "", held_out
        elif _is_listening(path):
            scenarios = load_scenarios(directory)
            parse = parse or nlu_parser()
            try:
                probes = listening_eval.load(path, scenarios)
            except listening_eval.DataError as err:
                raise BadInputError(str(err)) from None
            listened = listening_eval.evaluate(_set_name(path), probes, scenarios, parse)
            text, detail = listening_eval.table(listened), listening_eval.misses_text(listened)
            report = listened
        else:
            try:
                scored = evaluate.evaluate(_set_name(path), evaluate.load(path))
            except evaluate.DataError as err:
                raise BadInputError(str(err)) from None
            text, detail, report = evaluate.table(scored), evaluate.misses_text(scored), scored
            scoring_reports.append(scored)
        _show(report, text, detail if misses else "", as_json)
    if cross_validate:
        for lang in learned.LANGUAGES:
            if learned.dev_sets(lang):
                folds = evaluate.cross_validated(lang)
                scoring_reports.append(folds)
                _show(
                    folds,
                    evaluate.table(folds),
                    evaluate.misses_text(folds) if misses else "",
                    as_json,
                )
    if len(scoring_reports) > 1 and not as_json:
        click.echo(evaluate.summary(scoring_reports))


class _Measured(Protocol):
    def to_json(self) -> dict[str, Any]: ...


def _show(report: _Measured, text: str, detail: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_json()))
        return
    click.echo(text)
    if detail:
        click.echo(detail)


def _eval_files(paths: tuple[str, ...]) -> list[Path]:
    folder = default_eval_folder()
    chosen = [Path(p) for p in paths] or [
        p
        for p in (
            folder,
            folder / "zh",
            folder / "listening",
            folder / "listening" / "zh",
            folder.parent / "nlu" / "holdout.yml",
            folder.parent / "nlu" / "holdout.zh.yml",
        )
        if p.exists()
    ]
    files: list[Path] = []
    for path in chosen:
        if path.is_dir():
            found = sorted(path.glob("*.jsonl"))
            if not found and paths:
                raise BadInputError(f"{path}: no labelled sets (*.jsonl) in this folder")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise BadInputError(f"{path}: no such file or folder")
    if not files:
        raise BadInputError(f"no labelled sets in {folder}: give PATHs")
    for path in files:
        try:
            path.read_text(encoding="utf-8")
        except OSError as err:
            raise BadInputError(f"{path}: {err.strerror}") from None
        except UnicodeDecodeError:
            raise BadInputError(f"{path}: not UTF-8 text") from None
    return files


def _set_name(path: Path) -> str:
    """'heldout.jsonl', or 'zh/heldout.jsonl' for a set in a language folder."""
    return f"{path.parent.name}/{path.name}" if path.parent.name == "zh" else path.name


def _is_listening(path: Path) -> bool:
    """A listening set's lines have `say`; a scoring set's have `text`."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        return "say" in json.loads(first) if first else False
    except (OSError, ValueError, UnicodeDecodeError):
        return False
