"""The pages that show scores: a rep's progress, one call's transcript, the leads'
dashboard and its CSV. Every figure comes from the report module (report.py builds
the data, page.py and text.py render it), so the browser, `salescoach report` and
the HTML file never disagree; this module only decides who may see what, reads the
filters and lays out the page, in the reader's language (web/language.py chooses it).
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

from salescoach import messages
from salescoach.accounts.signin import WebSession
from salescoach.accounts.users import Account
from salescoach.practice import scenario as scenario_mod
from salescoach.reports import labels, report, transcript
from salescoach.reports import page as report_page
from salescoach.reports import progress as progress_html
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
    language: str = "en"


def page(view: Page) -> HTTPResponse:
    """A whole document: the navigation for this account, the title, then the view
    (which brings its own ``<main>``: the dashboard's comes from the report's sections)."""
    lang = view.language

    def link(href: str, key: str) -> str:
        return f'<a href="{href}">{escape(messages.text(f"page.{key}", lang))}</a>'

    nav = [link("/", "practise"), link("/progress", "my_progress")]
    if view.account.sees_reports:
        nav.append(link("/dashboard", "dashboard"))
    role = labels.text(f"role_{view.account.role.value}", lang)
    who = escape(f"{view.account.name} ({role})")
    sign_out = escape(messages.text("page.sign_out", lang))
    document = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(view.title)} · salescoach</title>"
        '<link rel="stylesheet" href="/report.css"></head><body>'
        f'<nav class="site">{"".join(nav)}<span class="muted">{who}</span>'
        '<form method="post" action="/api/signout" class="inline">'
        f'<input type="hidden" name="csrf" value="{escape(view.csrf)}">'
        f'<button type="submit">{sign_out}</button></form></nav>'
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


def progress(store: Store, web: WebSession, rep_id: str | None, language: str = "en") -> Page:
    """A rep's own calls, scores over time per framework, weakest skill, what next.
    A lead may open the page of a rep in a team they lead (``?rep=ID``)."""
    account = web.account
    wanted = rep_id or account.rep_id
    rep = _rep_row(store, wanted)
    if rep_id and (rep is None or not account.may_see(wanted, rep["team"])):
        raise Refused.said(403, "own_progress", f"progress of {wanted!r}")
    name = rep["name"] if rep else account.name
    title = labels.text("progress_title", language, name=name)
    try:
        rows = report.sessions(store, report.Filters(reps=(wanted,)))
    except report.ReportError:
        none_yet, first = (escape(labels.text(k, language)) for k in ("no_calls_yet", "first_call"))
        body = f'<main><p>{none_yet} <a href="/">{first}</a>.</p></main>'
        return Page(title, body, account, web.csrf, language)
    data = report.build(rows, _catalogue(), last=TREND_SESSIONS)
    shown = progress_html.sections(data["reps"][0], data["sessions"], _call_link, language)
    return Page(title, f"<main>{shown}</main>", account, web.csrf, language)


def _call_link(session_id: str) -> str:
    return f"/calls/{session_id}"


def call(store: Store, web: WebSession, session_id: str, language: str = "en") -> Page:
    """One call, reply by reply with the coach's notes, for its rep and their leads."""
    try:
        loaded = transcript.load(store, session_id)
    except report.ReportError:
        loaded = None
    if loaded is None or loaded["id"] != session_id:
        # The page links whole ids: a prefix (or a LIKE wildcard) would be a way to probe
        # which calls exist.
        raise Refused.said(404, "no_such_call", f"call {session_id[:40]!r}")
    rep = _rep_row(store, loaded["rep_id"]) or {}
    if not web.account.may_see(loaded["rep_id"], rep.get("team")):
        raise Refused.said(403, "own_calls", f"call {session_id[:40]!r}")
    name = loaded.get("rep_name") or rep.get("name", "")
    title = labels.text("call_title", language, name=name)
    body = f"<main>{report_page.transcript_html(loaded, language)}</main>"
    return Page(title, body, web.account, web.csrf, language)


def _filters(account: Account, args: Mapping[str, Any]) -> report.Filters:
    """The dashboard's filters, within what this account may see."""
    chosen = {key: (args.get(key) or "").strip()[:100] or None for key in FILTERS}
    for key in ("since", "until"):
        if chosen[key]:
            try:
                chosen[key] = date.fromisoformat(chosen[key]).isoformat()
            except ValueError:
                raise Refused.said(400, "date_format", f"bad {key}", field=key) from None
    visible = account.visible_teams()
    if visible is not None and chosen["team"] and chosen["team"] not in visible:
        raise Refused.said(403, "own_teams", f"team {chosen['team']!r}")
    return report.Filters(
        reps=(chosen["rep"],) if chosen["rep"] else (),
        team=chosen["team"],
        scenario=chosen["scenario"],
        since=chosen["since"],
        until=chosen["until"],
        teams=visible,
    )


def _report(
    store: Store, account: Account, args: Mapping[str, Any], language: str = "en"
) -> dict[str, Any] | str:
    """The report data, or why there is none (a message for the lead)."""
    filters = _filters(account, args)
    try:
        rows = report.sessions(store, filters)
    except report.ReportError:
        # Not the CLI's message: its suggestions name reps and teams of every team.
        return labels.text("no_match", language)
    return report.build(rows, _catalogue(), filters)


def dashboard(store: Store, web: WebSession, args: Mapping[str, Any], language: str = "en") -> Page:
    account, lang = web.account, language
    data = _report(store, account, args, lang)
    form = _filter_form(store, account, args, lang)
    if isinstance(data, str):
        body = form + f'<main><p class="muted">{escape(data)}</p></main>'
    else:
        chosen = {k: args.get(k) for k in FILTERS if args.get(k)}
        downloads = " · ".join(
            f'<a href="/dashboard.csv?{escape(urlencode({"view": view, **chosen}))}">'
            f"{escape(labels.text('csv_link', lang, view=labels.text('view_' + view, lang)))}</a>"
            for view in report_text.VIEWS
        )
        body = (
            form
            + f'<p class="downloads muted">{escape(labels.text("download", lang))} {downloads}</p>'
            + report_page.sections(
                data, [], transcript_href=_call_link, heading=False, language=lang
            )
        )
    if account.visible_teams() is None:
        teams = labels.text("every_team", lang)
    else:
        teams = ", ".join(account.leads) or labels.text("no_teams", lang)
    return Page(labels.text("dashboard_title", lang, teams=teams), body, account, web.csrf, lang)


def _filter_form(
    store: Store, account: Account, args: Mapping[str, Any], language: str = "en"
) -> str:
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
    said = {
        key: escape(labels.text(f"filter_{key}", language))
        for key in ("team", "all", "rep", "scenario", "since", "until", "show")
    }
    fields = "".join(
        f'<label>{said[key]} <input name="{key}" value="{escape(str(args.get(key) or ""))}"'
        f'{" type=date" if key in ("since", "until") else ""}></label>'
        for key in ("rep", "scenario", "since", "until")
    )
    # A page opened in a language by its address keeps it when the filters change.
    kept = args.get("lang")
    keep = f'<input type="hidden" name="lang" value="{escape(kept)}">' if kept else ""
    return (
        '<form method="get" action="/dashboard" class="filters">'
        f'<label>{said["team"]} <select name="team"><option value="">{said["all"]}</option>'
        f"{options}</select></label>"
        f'{fields}{keep}<button type="submit">{said["show"]}</button></form>'
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
