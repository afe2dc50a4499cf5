"""The pages that show scores: a rep's progress, one call's transcript, the leads'
dashboard and its CSV. Every figure comes from the report module (report.py builds
the data, page.py and text.py render it), so the browser, `salescoach report` and
the HTML file never disagree; this module only decides who may see what, reads the
filters and lays out the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any
from urllib.parse import urlencode

from sanic import response
from sanic.response import HTTPResponse

from salescoach.accounts.signin import WebSession
from salescoach.accounts.users import Account
from salescoach.practice import scenario as scenario_mod
from salescoach.reports import page as report_page
from salescoach.reports import progress as progress_html
from salescoach.reports import report, transcript
from salescoach.reports import text as report_text
from salescoach.store import Store
from salescoach.web.guard import Refused

CSS = report_page.STYLE
CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src data:; form-action 'self'"
TREND_SESSIONS = 30
FILTERS = ("team", "rep", "scenario", "since", "until")


@dataclass(frozen=True)
class Page:
    title: str
    body: str
    account: Account
    csrf: str


def page(view: Page) -> HTTPResponse:
    """A whole document: the navigation for this account, the title, then the view
    (which brings its own ``<main>``: the dashboard's comes from the report's sections)."""
    nav = ['<a href="/">Practise</a>', '<a href="/progress">My progress</a>']
    if view.account.sees_reports:
        nav.append('<a href="/dashboard">Team dashboard</a>')
    who = escape(f"{view.account.name} ({view.account.role.value})")
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(view.title)} · salescoach</title>"
        '<link rel="stylesheet" href="/report.css"></head><body>'
        f'<nav class="site">{"".join(nav)}<span class="muted">{who}</span>'
        '<form method="post" action="/api/signout" class="inline">'
        f'<input type="hidden" name="csrf" value="{escape(view.csrf)}">'
        '<button type="submit">Sign out</button></form></nav>'
        f"<h1>{escape(view.title)}</h1>{view.body}</body></html>"
    )
    return response.html(document, headers={"Content-Security-Policy": CSP})


def _catalogue() -> dict[str, scenario_mod.Scenario]:
    """Titles and suggestions; a broken scenario file never blocks a page."""
    try:
        return scenario_mod.load_dir_cached(scenario_mod.default_folder())
    except scenario_mod.ScenarioError:
        return {}


def _rep_row(store: Store, rep_id: str) -> dict[str, Any] | None:
    return next(store.db["reps"].rows_where("id = ?", [rep_id]), None)


def progress(store: Store, web: WebSession, rep_id: str | None) -> Page:
    """A rep's own calls, scores over time per framework, weakest skill, what next.
    A lead may open the page of a rep in a team they lead (``?rep=ID``)."""
    account = web.account
    wanted = rep_id or account.rep_id
    rep = _rep_row(store, wanted)
    if rep_id and (rep is None or not account.may_see(wanted, rep["team"])):
        raise Refused(403, "You can see only your own progress.", f"progress of {wanted!r}")
    name = rep["name"] if rep else account.name
    try:
        rows = report.sessions(store, report.Filters(reps=(wanted,)))
    except report.ReportError:
        body = '<main><p>No calls yet. <a href="/">Practise your first call</a>.</p></main>'
        return Page(f"Progress: {name}", body, account, web.csrf)
    data = report.build(rows, _catalogue(), last=TREND_SESSIONS)
    body = f'<main>{progress_html.sections(data["reps"][0], data["sessions"], _call_link)}</main>'
    return Page(f"Progress: {name}", body, account, web.csrf)


def _call_link(session_id: str) -> str:
    return f"/calls/{session_id}"


def call(store: Store, web: WebSession, session_id: str) -> Page:
    """One call, reply by reply with the coach's notes, for its rep and their leads."""
    try:
        loaded = transcript.load(store, session_id)
    except report.ReportError:
        loaded = None
    if loaded is None or loaded["id"] != session_id:
        # The page links whole ids: a prefix (or a LIKE wildcard) would be a way to probe
        # which calls exist.
        raise Refused(404, "No such call.", f"call {session_id[:40]!r}")
    rep = _rep_row(store, loaded["rep_id"]) or {}
    if not web.account.may_see(loaded["rep_id"], rep.get("team")):
        raise Refused(403, "You can see only your own calls.", f"call {session_id[:40]!r}")
    title = f"Call: {loaded.get('rep_name') or rep.get('name', '')}"
    return Page(title, f"<main>{report_page.transcript_html(loaded)}</main>", web.account, web.csrf)


def _filters(account: Account, args: Mapping[str, Any]) -> report.Filters:
    """The dashboard's filters, within what this account may see."""
    chosen = {key: (args.get(key) or "").strip()[:100] or None for key in FILTERS}
    for key in ("since", "until"):
        if chosen[key]:
            try:
                chosen[key] = date.fromisoformat(chosen[key]).isoformat()
            except ValueError:
                raise Refused(400, f"{key}: a date as YYYY-MM-DD", f"bad {key}") from None
    visible = account.visible_teams()
    if visible is not None and chosen["team"] and chosen["team"] not in visible:
        raise Refused(403, "You see only the teams you lead.", f"team {chosen['team']!r}")
    return report.Filters(
        reps=(chosen["rep"],) if chosen["rep"] else (),
        team=chosen["team"],
        scenario=chosen["scenario"],
        since=chosen["since"],
        until=chosen["until"],
        teams=visible,
    )


def _report(store: Store, account: Account, args: Mapping[str, Any]) -> dict[str, Any] | str:
    """The report data, or why there is none (a message for the lead)."""
    filters = _filters(account, args)
    try:
        rows = report.sessions(store, filters)
    except report.ReportError:
        # Not the CLI's message: its suggestions name reps and teams of every team.
        return "No calls match these filters (yet)."
    return report.build(rows, _catalogue(), filters)


def dashboard(store: Store, web: WebSession, args: Mapping[str, Any]) -> Page:
    account = web.account
    data = _report(store, account, args)
    form = _filter_form(store, account, args)
    if isinstance(data, str):
        body = form + f'<main><p class="muted">{escape(data)}</p></main>'
    else:
        chosen = {k: args.get(k) for k in FILTERS if args.get(k)}
        downloads = " · ".join(
            f'<a href="/dashboard.csv?{escape(urlencode({"view": view, **chosen}))}">'
            f"{view} (CSV)</a>"
            for view in report_text.VIEWS
        )
        body = (
            form
            + f'<p class="downloads muted">Download: {downloads}</p>'
            + report_page.sections(data, [], transcript_href=_call_link, heading=None)
        )
    teams = "every team" if account.visible_teams() is None else ", ".join(account.leads)
    return Page(f"Team dashboard ({teams or 'no teams yet'})", body, account, web.csrf)


def _filter_form(store: Store, account: Account, args: Mapping[str, Any]) -> str:
    visible = account.visible_teams()
    teams = [
        team
        for (team,) in store.db.execute(
            "SELECT DISTINCT team FROM reps WHERE team IS NOT NULL ORDER BY team"
        )
        if visible is None or team in visible
    ]
    options = "".join(
        f'<option{" selected" if args.get("team") == t else ""}>{escape(t)}</option>' for t in teams
    )
    fields = "".join(
        f'<label>{label} <input name="{key}" value="{escape(str(args.get(key) or ""))}"'
        f'{" type=date" if key in ("since", "until") else ""}></label>'
        for key, label in (
            ("rep", "Rep"),
            ("scenario", "Scenario"),
            ("since", "From"),
            ("until", "To"),
        )
    )
    return (
        '<form method="get" action="/dashboard" class="filters">'
        f'<label>Team <select name="team"><option value="">all</option>{options}</select></label>'
        f'{fields}<button type="submit">Show</button></form>'
    )


def dashboard_csv(store: Store, web: WebSession, args: Mapping[str, Any]) -> tuple[str, str]:
    """(file name, CSV) of one dashboard view, same filters and scope as the page."""
    view = args.get("view") or "reps"
    if view not in report_text.VIEWS:
        raise Refused(400, f"view: one of {', '.join(report_text.VIEWS)}", "bad view")
    data = _report(store, web.account, args)
    if isinstance(data, str):
        raise Refused(404, data, "no sessions")
    return f"salescoach-{view}-{date.today().isoformat()}.csv", report_text.to_csv(data, view)
