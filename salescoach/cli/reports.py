"""`salescoach report`, `transcript` and `rep`: what team leads read, and teams."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from salescoach import text_input
from salescoach.cli.common import DB_OPTION, BadInputError, existing_store, language_named
from salescoach.practice import scenario as scenario_mod
from salescoach.reports import page as report_html
from salescoach.reports import report as report_mod
from salescoach.reports import text as report_text
from salescoach.reports import transcript
from salescoach.store import MAX_TEAM, Store, default_path


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


def _count(flag: str, default: int, least: int, text: str, most: int | None = None) -> Any:
    """An integer option with a floor, its default shown in --help."""
    return click.option(
        flag, default=default, show_default=True, type=click.IntRange(least, most), help=text
    )


LANG_OPTION = click.option(
    "--lang",
    "language",
    default="en",
    show_default=True,
    help="Labels in en, zh-Hans or zh-Hant (names, titles and replies as stored; "
    "CSV and JSON keep raw names).",
)
"""The readers' language: what the page's picker and `score --lang` take (zh-TW, zh-CN…)."""


def _catalogue(directory: str | None) -> dict[str, scenario_mod.Scenario]:
    """Titles and suggestions; a broken scenario file must not block a report."""
    directory = directory or str(scenario_mod.default_folder())
    try:
        return scenario_mod.load_dir(directory)
    except scenario_mod.ScenarioError as err:
        click.echo(
            f"warning: {directory}/ has problems, no suggestions ({err.problems[0]})", err=True
        )
        return {}


@click.command()
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
    type=click.Path(),
    help="Scenario folder, for titles and suggestions (default: as `scenario list`).",
)
@LANG_OPTION
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
    scenario_dir: str | None,
    language: str,
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
        salescoach report --lang zh-Hans               # labels in Chinese
    """
    language = language_named(language)
    if as_csv and as_json:
        raise BadInputError("choose one of --csv and --json")
    if since and until and since > until:
        raise BadInputError(f"--since {since} is after --until {until}")
    filters = report_mod.Filters(reps, team, scenario_id, since, until)
    store = existing_store(db)
    try:
        rows = report_mod.sessions(store, filters)
    except report_mod.ReportError as err:
        raise BadInputError(str(err)) from None
    data = report_mod.build(rows, _catalogue(scenario_dir), filters, last, min_sessions)
    if html_path:
        newest = [row["id"] for row in rows[::-1][:transcripts]]
        sessions = [transcript.load(store, sid) for sid in newest]
        try:
            Path(html_path).write_text(report_html.page(data, sessions, language), encoding="utf-8")
        except OSError as err:
            raise BadInputError(f"{html_path}: cannot write ({err.strerror})") from None
        click.echo(
            f"wrote {html_path}: {len(data['reps'])} rep(s), {len(rows)} session(s)", err=True
        )
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    elif as_csv:
        click.echo(report_text.to_csv(data, view), nl=False)
    elif not html_path:
        click.echo(report_text.terminal_safe(report_text.render(data, view, limit, language)))


@click.command("transcript")
@click.argument("session_id")
@click.option("--json", "as_json", is_flag=True, help="Print the session as JSON.")
@LANG_OPTION
@DB_OPTION
def transcript_command(session_id: str, as_json: bool, language: str, db: str | None) -> None:
    """One session: every reply with its score, what it hit, the tips, the customer's answer.

    SESSION_ID may be the first 6+ characters (`salescoach report --view sessions` lists them).

    Example: salescoach transcript 3f2a9c1e --lang zh-Hans
    """
    language = language_named(language)
    try:
        session = transcript.load(existing_store(db), session_id)
    except report_mod.ReportError as err:
        raise BadInputError(str(err)) from None
    if as_json:
        click.echo(json.dumps(transcript.to_json(session), ensure_ascii=False))
    else:
        click.echo(report_text.terminal_safe(transcript.text(session, language)))


@click.group()
def rep() -> None:
    """List reps and put them in teams (a lead's report can then use --team)."""


@rep.command("list")
@click.option("--team", help="Only this team.")
@DB_OPTION
def rep_list(team: str | None, db: str | None) -> None:
    """Every rep with their team, sessions and when they last practised."""
    store = existing_store(db)
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
    _flag_lookalikes(rows)
    columns = [report_text.Column(k, f"col_{k}") for k in rows[0]]
    click.echo(report_text.terminal_safe(report_text.table(rows, columns)))


def _flag_lookalikes(rows: list[dict]) -> None:
    """'José Díaz' and 'Jose Diaz' are two reps who may be one person: say so."""
    by_look: dict[str, list[str]] = {}
    for row in rows:
        by_look.setdefault(text_input.skeleton(row["name"]), []).append(row["name"])
    for row in rows:
        others = [n for n in by_look[text_input.skeleton(row["name"])] if n != row["name"]]
        row["looks_like"] = ", ".join(others)


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
    try:
        cleaned = [text_input.clean_name(name) for name in names]
        team = None if no_team else text_input.clean_name(team or "", MAX_TEAM)
    except text_input.BadName as err:
        raise BadInputError(str(err)) from None
    store = Store(db or default_path())
    for name in cleaned:
        added = store.set_team(name, team)
        shown = report_text.terminal_safe(
            f"{name}: {'added, ' if added else ''}team {team or '(none)'}"
        )
        click.echo(shown)
