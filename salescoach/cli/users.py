"""`salescoach user ...`: accounts for the page, on the host only (an admin's shell
is the one place accounts are made, so the page has no admin screens to attack)."""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from pathlib import Path

import click
import yaml

from salescoach import text_input
from salescoach.accounts.users import INVITE_DAYS, AccountError, Accounts, Role
from salescoach.cli.common import DB_OPTION, BadInputError
from salescoach.reports import transcript
from salescoach.reports.text import terminal_safe
from salescoach.store import Store, default_path

URL_ENV = "SALESCOACH_URL"
LOCAL_LOGIN = "local"
URL_OPTION = click.option(
    "--url",
    default=lambda: os.environ.get(URL_ENV, "http://127.0.0.1:8080"),
    show_default="$SALESCOACH_URL or http://127.0.0.1:8080",
    help="The page's address as the team opens it, for invite links.",
)
ROLE_CHOICE = click.Choice([r.value for r in Role])


def _accounts(db: str | None) -> Accounts:
    return Accounts(Store(db or default_path()))


def _echo(text: str) -> None:
    click.echo(terminal_safe(text))


def _invite_line(url: str, token: str, login: str) -> str:
    return f"invite for {login} (one use, {INVITE_DAYS} days): {url.rstrip('/')}/invite/{token}"


@click.group()
def user() -> None:
    """Accounts for the page: add, invite, list, change, disable, reset, export, delete."""


@user.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Display name; scores are kept under it.")
@click.option("--role", type=ROLE_CHOICE, default="rep", show_default=True)
@click.option("--team", help="The team the person is in.")
@click.option("--lead-of", "leads", multiple=True, help="A team a lead sees (repeat).")
@URL_OPTION
@DB_OPTION
def user_add(
    login: str,
    name: str,
    role: str,
    team: str | None,
    leads: tuple[str, ...],
    url: str,
    db: str | None,
) -> None:
    """Add an account and print its invite link (the user sets a password there).

    A rep who already practised under NAME (typed on the page or in the terminal)
    keeps their calls: the account takes that rep over.

    \b
    Examples:
        salescoach user add ana@example.com --name "Ana Lima" --team north
        salescoach user add lee --name "Lee Park" --role lead --team north --lead-of south
    """
    accounts = _accounts(db)
    try:
        account = accounts.add(login, name, Role(role), team, leads)
        token = accounts.invite(account.login)
    except AccountError as err:
        raise BadInputError(str(err)) from None
    earlier = accounts.db["sessions"].count_where("rep_id = ?", [account.rep_id])
    kept = f"; kept {earlier} earlier call(s) of {account.name}" if earlier else ""
    _echo(f"added {account.login} ({account.role.value}, team {account.team or '-'}){kept}")
    _echo(_invite_line(url, token, account.login))


@user.command("invite")
@click.argument("login")
@URL_OPTION
@DB_OPTION
def user_invite(login: str, url: str, db: str | None) -> None:
    """A new invite link for an account (earlier unused links stop working)."""
    try:
        token = _accounts(db).invite(login)
    except AccountError as err:
        raise BadInputError(str(err)) from None
    _echo(_invite_line(url, token, login))


@user.command("reset")
@click.argument("login")
@URL_OPTION
@DB_OPTION
def user_reset(login: str, url: str, db: str | None) -> None:
    """Forget the password, sign out everywhere, and print a new invite link."""
    try:
        token = _accounts(db).reset(login)
    except AccountError as err:
        raise BadInputError(str(err)) from None
    _echo(f"{login}: password cleared, signed out everywhere")
    _echo(_invite_line(url, token, login))


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per account.")
@DB_OPTION
def user_list(as_json: bool, db: str | None) -> None:
    """Every account: login, name, role, team, teams led, state."""
    accounts = _accounts(db).all()
    if not accounts:
        raise BadInputError("no accounts yet: salescoach user add LOGIN --name NAME")
    for account in accounts:
        state = "disabled" if account.disabled else "active" if account.has_password else "invited"
        if as_json:
            click.echo(json.dumps({**account.public(), "state": state}, ensure_ascii=False))
        else:
            leads = f" leads {', '.join(account.leads)}" if account.leads else ""
            _echo(
                f"{account.login:24} {account.name:24} {account.role.value:5} "
                f"team {account.team or '-'}{leads} [{state}]"
            )


@user.command("set")
@click.argument("login")
@click.option(
    "--name",
    help="A new display name; the name of a rep who practised before accounts attaches them.",
)
@click.option("--role", type=ROLE_CHOICE)
@click.option("--team", help="Move to this team ('' for none).")
@click.option("--lead-of", "leads", multiple=True, help="The teams a lead sees (replaces).")
@DB_OPTION
def user_set(
    login: str,
    name: str | None,
    role: str | None,
    team: str | None,
    leads: tuple[str, ...],
    db: str | None,
) -> None:
    """Change an account's name, role, team or the teams it leads.

    \b
    Example: a rep typed "ana" on the page before accounts; give her account that rep:
        salescoach user set ana@example.com --name ana
    """
    accounts = _accounts(db)
    try:
        if name:
            accounts.rename(login, name)
        account = accounts.change(
            login, role=Role(role) if role else None, team=team, leads=leads or None
        )
    except AccountError as err:
        raise BadInputError(str(err)) from None
    leads_text = ", ".join(account.leads) or "-"
    _echo(
        f"{account.login}: {account.name}, {account.role.value}, team {account.team or '-'},"
        f" leads {leads_text}"
    )


@user.command("disable")
@click.argument("login")
@DB_OPTION
def user_disable(login: str, db: str | None) -> None:
    """Sign the account out at once and refuse its sign-ins; its calls stay."""
    _set_disabled(login, True, db)


@user.command("enable")
@click.argument("login")
@DB_OPTION
def user_enable(login: str, db: str | None) -> None:
    """Let a disabled account sign in again."""
    _set_disabled(login, False, db)


def _set_disabled(login: str, disabled: bool, db: str | None) -> None:
    try:
        _accounts(db).set_disabled(login, disabled)
    except AccountError as err:
        raise BadInputError(str(err)) from None
    _echo(f"{login}: {'disabled' if disabled else 'enabled'}")


@user.command("export")
@click.argument("login")
@DB_OPTION
def user_export(login: str, db: str | None) -> None:
    """Print one person's account and every call of theirs as JSON (their data)."""
    accounts = _accounts(db)
    try:
        account = accounts.get(login)
    except AccountError as err:
        raise BadInputError(str(err)) from None
    ids = [r["id"] for r in accounts.db["sessions"].rows_where("rep_id = ?", [account.rep_id])]
    calls = [transcript.to_json(transcript.load(accounts.store, sid)) for sid in ids]
    click.echo(json.dumps({"account": account.public(), "calls": calls}, ensure_ascii=False))


@user.command("delete")
@click.argument("login")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--tracker-db",
    type=click.Path(dir_okay=False),
    help="Rasa's tracker store file (default: the one endpoints.yml names).",
)
@DB_OPTION
def user_delete(login: str, yes: bool, tracker_db: str | None, db: str | None) -> None:
    """Delete a person: the account, their calls and scores, and their conversations
    in Rasa's tracker store. Export first if they asked for a copy."""
    accounts = _accounts(db)
    try:
        account = accounts.get(login)
    except AccountError as err:
        raise BadInputError(str(err)) from None
    calls = accounts.db["sessions"].count_where("rep_id = ?", [account.rep_id])
    if not yes:
        click.confirm(
            terminal_safe(f"Delete {account.login} ({account.name}) and {calls} call(s)?"),
            abort=True,
        )
    senders = accounts.delete(account.login)
    tracker = Path(tracker_db) if tracker_db else _tracker_path()
    removed = _forget_conversations(tracker, senders, account.id)
    _echo(f"deleted {account.login}: {calls} call(s), {removed} conversation event(s) in {tracker}")


def _tracker_path() -> Path:
    """The SQLite tracker store endpoints.yml configures (var/tracker.db by default)."""
    try:
        endpoints = yaml.safe_load(Path("endpoints.yml").read_text(encoding="utf-8")) or {}
    except OSError:
        endpoints = {}
    store = endpoints.get("tracker_store") or {}
    return Path(store.get("db") or "var/tracker.db")


def _forget_conversations(tracker: Path, senders: list[str], account_id: int) -> int:
    """Delete the person's events from Rasa's SQL tracker store: the conversations
    their calls were in, and every page conversation of the account."""
    if not tracker.is_file():
        return 0
    with sqlite3.connect(tracker) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
            return 0
        removed = conn.execute(
            f"DELETE FROM events WHERE sender_id IN ({', '.join('?' * len(senders))})"
            " OR sender_id LIKE ?",
            [*senders, f"web-{account_id}-%"],
        ).rowcount
    return removed


@user.command("local")
@URL_OPTION
@DB_OPTION
def user_local(url: str, db: str | None) -> None:
    """For one person on one laptop (`make run`): on the first run, make an admin
    account for this computer's user and print its invite link; later, say how to sign in."""
    accounts = _accounts(db)
    existing = accounts.all()
    if existing:
        local = accounts.find(LOCAL_LOGIN)
        if local and not local.has_password:
            _echo(_invite_line(url, accounts.invite(LOCAL_LOGIN), LOCAL_LOGIN))
        elif local:
            _echo(f"sign in at {url} as '{LOCAL_LOGIN}' (forgot it? salescoach user reset local)")
        return
    name = _own_name()
    account = accounts.add(LOCAL_LOGIN, name, Role.ADMIN)
    _echo(f"first run: made the account '{account.login}' ({account.name}, admin)")
    _echo(_invite_line(url, accounts.invite(LOCAL_LOGIN), LOCAL_LOGIN))


def _own_name() -> str:
    try:
        return text_input.clean_name(getpass.getuser().replace(".", " ").title())
    except (text_input.BadName, OSError, KeyError):
        return "Local Rep"
