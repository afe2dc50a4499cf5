"""The ``salescoach`` command line: score replies, check scenario scripts,
report on practice for team leads.

Exit codes: 0 ok, 2 bad input (a one-line message on stderr, nothing on stdout).
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

import click

from salescoach.practice import rehearsal, scaffold
from salescoach.practice import scenario as scenario_mod
from salescoach.reports import page as report_html
from salescoach.reports import report as report_mod
from salescoach.reports import text as report_text
from salescoach.reports import transcript
from salescoach.scoring import BadInput, Context, evaluate, score_reply
from salescoach.store import MAX_TEAM, Store, default_path
from salescoach.web import server as web_mod

DEFAULT_EVAL_DIR = Path("tests/data")


class BadInputError(click.ClickException):
    exit_code = 2


def _json_object(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInputError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(data, dict):
        raise BadInputError(f"{where}: expected a JSON object")
    return data


def _context(data: dict[str, Any], where: str) -> Context:
    try:
        return Context.from_json(data)
    except BadInput as err:
        raise BadInputError(f"{where}: {err}") from None


@click.group()
@click.version_option(package_name="salescoach")
def cli() -> None:
    """salescoach: practise sales calls with a difficult customer.

    Every reply is scored against SPIN questioning, the sandwich method and
    four-step objection handling. Run `salescoach COMMAND --help` for details.
    """


@cli.command()
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
def score(text: str | None, context_file: IO[str] | None, jsonl: IO[str] | None) -> None:
    """Score one trainee reply and print the result as JSON.

    \b
    Examples:
        salescoach score "What does that outage cost you?"
        echo "I understand. What are you comparing it to?" | salescoach score --context-file c.json
        salescoach score --jsonl replies.jsonl
    """
    if jsonl is not None:
        if text is not None or context_file is not None:
            raise BadInputError(
                "--jsonl takes no TEXT or --context-file (put context in each line)"
            )
        _score_jsonl(jsonl)
        return
    context = Context()
    if context_file is not None:
        context = _context(_json_object(context_file.read(), context_file.name), context_file.name)
    if text is None:
        if sys.stdin.isatty():
            raise BadInputError("give the reply as TEXT or on standard input")
        text = sys.stdin.read()
    if not text.strip():
        raise BadInputError("the reply is empty: give the words the rep said")
    click.echo(json.dumps(score_reply(text, context).to_json(), ensure_ascii=False))


def _score_jsonl(handle: IO[str]) -> None:
    """Validate every line first so bad input prints nothing on stdout."""
    jobs: list[tuple[str, Context]] = []
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        where = f"{handle.name}:{number}"
        data = _json_object(line, where)
        reply = data.pop("text", None)
        if not isinstance(reply, str) or not reply.strip():
            raise BadInputError(f"{where}: `text` (a non-empty string) is required")
        jobs.append((reply, _context(data, where)))
    for reply, context in jobs:
        click.echo(json.dumps(score_reply(reply, context).to_json(), ensure_ascii=False))


@cli.command("eval")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@click.option("--misses", is_flag=True, help="Also list every reply the scorer disagreed on.")
def eval_command(paths: tuple[str, ...], as_json: bool, misses: bool) -> None:
    """Measure the scorer on hand-labelled replies: precision, recall, F1 per label.

    With no PATH, measures every tests/data/*.jsonl: dev.jsonl (tune cue phrases
    on this one only), heldout.jsonl and independent.jsonl (for reporting).

    \b
    Examples:
        salescoach eval
        salescoach eval --misses tests/data/dev.jsonl
    """
    paths = paths or tuple(str(p) for p in sorted(DEFAULT_EVAL_DIR.glob("*.jsonl")))
    if not paths:
        raise BadInputError(f"no labelled sets in {DEFAULT_EVAL_DIR}/: give PATHs")
    for path in paths:
        try:
            report = evaluate.evaluate(Path(path).name, evaluate.load(path))
        except OSError as err:
            raise BadInputError(f"{path}: {err.strerror}") from None
        except evaluate.DataError as err:
            raise BadInputError(str(err)) from None
        if as_json:
            click.echo(json.dumps(report.to_json()))
            continue
        click.echo(evaluate.table(report))
        if misses:
            click.echo(evaluate.misses_text(report))


@cli.group()
def scenario() -> None:
    """List and check the scenario scripts in scenarios/."""


@scenario.command("list")
@click.option("--dir", "directory", default="scenarios", show_default=True, type=click.Path())
def scenario_list(directory: str) -> None:
    """Show the scenarios reps can pick.

    Example: salescoach scenario list
    """
    scenarios = _load_dir(directory).values()
    width = max((len(s.id) for s in scenarios), default=0)
    for s in scenarios:
        click.echo(
            f"{s.id:{width}}  {s.persona.disc}  {s.difficulty:6} {s.industry:13} "
            f"{'/'.join(o.kind for o in s.objections):13} {s.title}"
        )


@scenario.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--dir", "directory", default="scenarios", show_default=True, type=click.Path())
def scenario_validate(paths: tuple[str, ...], directory: str) -> None:
    """Check scenario files; every error names file, line and field.

    With no PATH, checks every scenario in the folder. Exit code 2 on any error.

    Example: salescoach scenario validate scenarios/my_new_scenario.yml
    """
    problems: list[str] = []
    loaded = 0
    if not paths:
        loaded = len(_load_dir(directory))
    for path in paths:
        try:
            scenario_mod.load(path)
            loaded += 1
        except scenario_mod.ScenarioError as err:
            problems.extend(str(p) for p in err.problems)
    if problems:
        raise BadInputError(f"{len(problems)} problem(s):\n" + "\n".join(problems))
    click.echo(f"ok: {loaded} scenario(s) valid")


@scenario.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--dir", "directory", default="scenarios", show_default=True, type=click.Path())
def scenario_test(paths: tuple[str, ...], directory: str) -> None:
    """Play a scenario's scripted trainee turns through the real engine.

    PATH is a scenario file (its NAME.test.yml beside it is run) or a test file.
    With no PATH, runs every *.test.yml in the scenarios folder. Prints pass/fail
    per step; exit code 1 if a step fails, 2 if a file is broken.

    \b
    Examples:
        salescoach scenario test
        salescoach scenario test scenarios/my_new_scenario.yml
    """
    scenarios = _load_dir(directory)
    scripts = [rehearsal.script_for(p) for p in paths] or sorted(
        Path(directory).glob(f"*{scenario_mod.TEST_SUFFIX}")
    )
    if not scripts:
        raise BadInputError(f"no *{scenario_mod.TEST_SUFFIX} files in {directory}/")
    try:
        results = [rehearsal.rehearse(path, scenarios) for path in scripts]
    except scenario_mod.ScenarioError as err:
        raise BadInputError(f"{len(err.problems)} problem(s):\n{err}") from None
    for result in results:
        click.echo(rehearsal.report(result))
    failed = [r.scenario_id for r in results if not r.passed]
    if failed:
        click.echo(f"FAILED: {', '.join(failed)}", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(results)} scenario test(s) passed")


@scenario.command("new")
@click.argument("scenario_id")
@click.option("--persona", "disc", required=True, type=click.Choice(["D", "I", "S", "C"]))
@click.option(
    "--objection",
    "kinds",
    multiple=True,
    required=True,
    type=click.Choice(["price", "trust", "need", "timing", "change"]),
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
@click.option("--dir", "directory", default="scenarios", show_default=True, type=click.Path())
def scenario_new(
    scenario_id: str,
    disc: str,
    kinds: tuple[str, ...],
    difficulty: str,
    industry: str,
    title: str | None,
    directory: str,
) -> None:
    """Scaffold a valid, playable scenario and its test file.

    Customer lines start from the persona's and objections' defaults; replace
    every TODO, then run `salescoach scenario validate` and `scenario test`.

    Example: salescoach scenario new gym-membership-price --persona I --objection price
    """
    if not scenario_mod.ID_PATTERN.fullmatch(scenario_id):
        raise BadInputError(f"id '{scenario_id}': use lowercase letters, digits, '-' or '_'")
    if scenario_id in _load_dir(directory):
        raise BadInputError(f"id '{scenario_id}' is already used in {directory}/")
    data = scaffold.scenario_data(
        scenario_id,
        title or scenario_id.replace("-", " ").capitalize(),
        disc,
        list(kinds),
        difficulty,
        industry,
    )
    try:
        paths = scaffold.write(directory, data)
    except FileExistsError as err:
        raise BadInputError(str(err)) from None
    click.echo(f"wrote {paths[0]} and {paths[1]}")
    click.echo(f"next: edit the TODOs, then `salescoach scenario test {paths[0]}`")


def _load_dir(directory: str) -> dict[str, scenario_mod.Scenario]:
    try:
        return scenario_mod.load_dir(directory)
    except scenario_mod.ScenarioError as err:
        raise BadInputError(f"{len(err.problems)} problem(s):\n{err}") from None


class Day(click.ParamType):
    """A day as YYYY-MM-DD, or relative to today: 7d, 4w."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        relative = re.fullmatch(r"(\d{1,4})([dw])", text)
        if relative:
            days = int(relative[1]) * (7 if relative[2] == "w" else 1)
            return (date.today() - timedelta(days=days)).isoformat()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            self.fail(
                f"'{text}' is not a date: use YYYY-MM-DD (e.g. 2026-11-01) or 30d / 4w", param
            )


DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="The scores database (default: $SALESCOACH_DB or var/salescoach.db).",
)


def _count(flag: str, default: int, least: int, text: str, most: int | None = None) -> Any:
    """An integer option with a floor, its default shown in --help."""
    return click.option(
        flag, default=default, show_default=True, type=click.IntRange(least, most), help=text
    )


def _existing_store(db: str | None) -> Store:
    path = db or default_path()
    try:
        return Store.existing(path)
    except FileNotFoundError:
        raise BadInputError(
            f"no scores database at {path}: nobody has practised yet (or pass --db PATH)"
        ) from None
    except sqlite3.DatabaseError as err:
        raise BadInputError(f"{path} is not a salescoach database ({err})") from None


def _catalogue(directory: str) -> dict[str, scenario_mod.Scenario]:
    """Titles and suggestions; a broken scenario file must not block a report."""
    try:
        return scenario_mod.load_dir(directory)
    except scenario_mod.ScenarioError as err:
        click.echo(
            f"warning: {directory}/ has problems, no suggestions ({err.problems[0]})", err=True
        )
        return {}


@cli.command()
@click.option(
    "--rep", "reps", multiple=True, help="Only this rep (name or id); repeat for several."
)
@click.option("--team", help="Only reps in this team.")
@click.option("--scenario", "scenario_id", help="Only sessions of this scenario id.")
@click.option("--since", type=Day(), help="From this day (YYYY-MM-DD, or 30d / 4w ago).")
@click.option("--until", type=Day(), help="Up to and including this day.")
@click.option(
    "--view",
    type=click.Choice(report_text.VIEWS),
    default="reps",
    show_default=True,
    help="Per rep, leaderboard, per scenario (hardest first) or the sessions themselves.",
)
@_count("--last", 5, 2, "Sessions in each rep's trend.", most=100)
@_count("--min-sessions", 3, 1, "Sessions a rep needs to be ranked on the leaderboard.")
@_count("--limit", 20, 1, "Newest sessions shown by --view sessions.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the view as CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Also write one self-contained HTML file with charts and transcripts.",
)
@_count("--transcripts", 50, 0, "Newest sessions whose transcripts go into the HTML file.")
@click.option(
    "--scenarios",
    "scenario_dir",
    default="scenarios",
    show_default=True,
    type=click.Path(),
    help="Scenario folder, for titles and suggestions.",
)
@DB_OPTION
def report(
    reps: tuple[str, ...],
    team: str | None,
    scenario_id: str | None,
    since: str | None,
    until: str | None,
    view: str,
    last: int,
    min_sessions: int,
    limit: int,
    as_csv: bool,
    as_json: bool,
    html_path: str | None,
    transcripts: int,
    scenario_dir: str,
    db: str | None,
) -> None:
    """Who practised, scores per framework and skill, trends, what to practise next.

    \b
    Examples:
        salescoach report                              # every rep, one row each
        salescoach report --rep "Ana Lima"             # one rep: skills, recent sessions
        salescoach report --team north --since 30d --view leaderboard
        salescoach report --view scenarios             # hardest scenarios first
        salescoach report --csv > reps.csv
        salescoach report --html report.html           # charts + transcripts, works offline
    """
    if as_csv and as_json:
        raise BadInputError("choose one of --csv and --json")
    if since and until and since > until:
        raise BadInputError(f"--since {since} is after --until {until}")
    filters = report_mod.Filters(reps, team, scenario_id, since, until)
    store = _existing_store(db)
    try:
        rows = report_mod.sessions(store, filters)
    except report_mod.ReportError as err:
        raise BadInputError(str(err)) from None
    data = report_mod.build(rows, _catalogue(scenario_dir), filters, last, min_sessions)
    if html_path:
        newest = [row["id"] for row in rows[::-1][:transcripts]]
        sessions = [transcript.load(store, sid) for sid in newest]
        Path(html_path).write_text(report_html.page(data, sessions), encoding="utf-8")
        click.echo(
            f"wrote {html_path}: {len(data['reps'])} rep(s), {len(rows)} session(s)", err=True
        )
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    elif as_csv:
        click.echo(report_text.to_csv(data, view), nl=False)
    elif not html_path:
        click.echo(report_text.render(data, view, limit))


@cli.command("transcript")
@click.argument("session_id")
@click.option("--json", "as_json", is_flag=True, help="Print the session as JSON.")
@DB_OPTION
def transcript_command(session_id: str, as_json: bool, db: str | None) -> None:
    """One session: every reply with its score, what it hit, the tips, the customer's answer.

    SESSION_ID may be the first 6+ characters (`salescoach report --view sessions` lists them).

    Example: salescoach transcript 3f2a9c1e
    """
    try:
        session = transcript.load(_existing_store(db), session_id)
    except report_mod.ReportError as err:
        raise BadInputError(str(err)) from None
    if as_json:
        click.echo(json.dumps(transcript.to_json(session), ensure_ascii=False))
    else:
        click.echo(transcript.text(session))


@cli.group()
def rep() -> None:
    """List reps and put them in teams (a lead's report can then use --team)."""


@rep.command("list")
@click.option("--team", help="Only this team.")
@DB_OPTION
def rep_list(team: str | None, db: str | None) -> None:
    """Every rep with their team, sessions and when they last practised."""
    store = _existing_store(db)
    sql = """
        SELECT reps.id, reps.name, reps.team, count(session_report.id) AS sessions,
               max(session_report.started_at) AS last_practised
        FROM reps LEFT JOIN session_report ON session_report.rep_id = reps.id
        {where} GROUP BY reps.id ORDER BY lower(reps.name)
    """
    rows = list(
        store.db.query(
            sql.format(where="WHERE reps.team = ?" if team else ""), [team] if team else []
        )
    )
    if not rows:
        raise BadInputError(f"no reps{f' in team {team!r}' if team else ''} in {store.path}")
    columns = [report_text.Column(k, k.upper().replace("_", " ")) for k in rows[0]]
    click.echo(report_text.table(rows, columns))


@rep.command("set-team")
@click.argument("names", nargs=-1, required=True)
@click.option("--team", help="The team to put them in.")
@click.option("--no-team", is_flag=True, help="Take them out of any team.")
@DB_OPTION
def rep_set_team(names: tuple[str, ...], team: str | None, no_team: bool, db: str | None) -> None:
    """Put reps (by name) in a team; a name not seen yet is registered.

    \b
    Examples:
        salescoach rep set-team "Ana Lima" "Ben Okoro" --team north
        salescoach rep set-team "Ana Lima" --no-team
    """
    if no_team == bool(team and team.strip()):
        raise BadInputError("give --team NAME or --no-team")
    team = None if no_team else " ".join(team.split())[:MAX_TEAM]
    store = Store(db or default_path())
    for name in names:
        if not any(ch.isalpha() for ch in name):
            raise BadInputError(f"'{name}' is not a name")
    for name in names:
        added = store.set_team(name, team)
        click.echo(f"{name.strip()}: {'added, ' if added else ''}team {team or '(none)'}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--rasa",
    "rasa_url",
    default="http://127.0.0.1:5005",
    show_default=True,
    help="The Rasa server whose REST channel the page talks to.",
)
def web(host: str, port: int, rasa_url: str) -> None:
    """Serve the reps' practice page (chat, live coach panel, scorecard).

    `make run` starts it beside Rasa and the action server.

    Example: salescoach web --port 8080
    """
    try:
        server = web_mod.PracticeServer((host, port), rasa_url)
    except OSError as err:
        raise BadInputError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    click.echo(f"practice page on http://{host}:{port}/ (Rasa at {rasa_url}); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
