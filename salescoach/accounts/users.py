"""Accounts, roles and invites: who may sign in to the page and what they may see.

The rules of who sees what live here and nowhere else (``Account.may_see``), so the
page's every route asks the same question. Passwords are hashed with Argon2id
(argon2-cffi, a maintained binding of the reference implementation); invite
tokens are stored only as SHA-256 digests, so a copy of the database lets nobody
redeem an invite.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any

import argon2

from salescoach import messages, text_input
from salescoach.store import MAX_TEAM, Store, from_now, now, rep_id

INVITE_DAYS = 7
MIN_PASSWORD = 10
MAX_PASSWORD = 256
LOGIN = re.compile(r"[a-z0-9][a-z0-9._@+-]{1,63}")
_HASHER = argon2.PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
"""Argon2id at OWASP's recommended floor (19 MiB, 2 passes, 1 lane): a class of 50
signing in at once is not a minute of hashing on a 2-core host (the library's
default, 64 MiB and 4 lanes, took 3.3 s median there). Older hashes are upgraded at
the next sign-in whenever these change (``check_needs_rehash``)."""
_DUMMY_HASH = _HASHER.hash("salescoach timing guard")
"""Checked against when the login is unknown, so a wrong login takes as long as a
wrong password and sign-in time does not tell which logins exist."""


class Role(str, Enum):
    """rep: practises, sees their own calls. lead: also reports of the teams they lead.
    admin: accounts (CLI) and every team."""

    REP = "rep"
    LEAD = "lead"
    ADMIN = "admin"


class AccountError(ValueError):
    """Bad input for an account (unknown login, taken name, weak password): the
    message is for the admin or the user, with what to do. Errors a rep or lead
    meets on the page (a password, an invite link) are lines of the page catalogue
    (``key``, ``fields``), so the page says them in the reader's language."""

    def __init__(self, message: str, key: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        self.key = key
        self.fields = fields

    @classmethod
    def said(cls, key: str, **fields: Any) -> AccountError:
        """The catalogue's ``page.<key>``, in English here (the CLI, the log)."""
        return cls(messages.text(f"page.{key}", **fields), key, **fields)


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    name: str
    rep_id: str
    team: str | None
    role: Role
    disabled: bool
    leads: tuple[str, ...] = ()
    has_password: bool = True

    @property
    def sees_reports(self) -> bool:
        return self.role in (Role.LEAD, Role.ADMIN)

    def visible_teams(self) -> tuple[str, ...] | None:
        """The teams whose reports this account may read; None means every team."""
        if self.role is Role.ADMIN:
            return None
        return self.leads if self.role is Role.LEAD else ()

    def may_see(self, owner_rep_id: str, owner_team: str | None) -> bool:
        """Whether this account may read a call (or progress) of that rep."""
        if owner_rep_id == self.rep_id or self.role is Role.ADMIN:
            return True
        return self.role is Role.LEAD and owner_team is not None and owner_team in self.leads

    def public(self) -> dict[str, Any]:
        """What the page shows of the signed-in user (never the hash)."""
        return {
            "login": self.login,
            "name": self.name,
            "team": self.team,
            "role": self.role.value,
            "leads": list(self.leads),
        }


def clean_login(login: str) -> str:
    folded = unicodedata.normalize("NFKC", login).strip().lower()
    if not LOGIN.fullmatch(folded):
        raise AccountError(
            "a login is 2-64 characters: letters a-z, digits and . _ @ + - (an email works)"
        )
    return folded


def clean_team(team: str | None) -> str | None:
    if team is None or not team.strip():
        return None
    try:
        return text_input.clean_name(team, limit=MAX_TEAM)
    except text_input.BadName as err:
        raise AccountError(f"team: {err}") from None


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError.said("password_too_short", least=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AccountError.said("password_too_long", most=MAX_PASSWORD)
    return password


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """The accounts in the scores database (the same file the reports read)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def add(
        self,
        login: str,
        name: str,
        role: Role = Role.REP,
        team: str | None = None,
        leads: tuple[str, ...] = (),
    ) -> Account:
        """A new account without a password: give the user an invite (``invite``).

        A rep who practised before under this name (typed on the page or in the
        terminal) keeps their calls: the account takes over that rep.
        """
        login = clean_login(login)
        try:
            name = text_input.clean_name(name)
        except text_input.BadName as err:
            raise AccountError(f"name: {err}") from None
        team = clean_team(team)
        rid = rep_id(name)
        with self.store.lock, self.db.conn:
            if self.db.execute("SELECT 1 FROM accounts WHERE login = ?", [login]).fetchone():
                raise AccountError(f"login {login!r} is taken")
            self._check_rep_free(name, rid)
            cursor = self.db.execute(
                "INSERT INTO accounts (login, name, rep_id, team, role, disabled, created_at)"
                " VALUES (?, ?, ?, ?, ?, 0, ?)",
                [login, name, rid, team, Role(role).value, now()],
            )
            account_id = cursor.lastrowid
            self._set_leads(account_id, Role(role), team, leads)
        self.store.set_team(name, team)
        return self.get(login)

    def _check_rep_free(self, name: str, rid: str, account_id: int = 0) -> None:
        """A rep belongs to one account (their scores are keyed by the rep)."""
        owner = self.db.execute(
            "SELECT login FROM accounts WHERE rep_id = ? AND id != ?", [rid, account_id]
        ).fetchone()
        if owner:
            raise AccountError(f"the rep {name!r} already belongs to the account {owner[0]!r}")

    def _set_leads(
        self, account_id: int, role: Role, team: str | None, leads: tuple[str, ...]
    ) -> None:
        wanted = {t for t in (clean_team(x) for x in leads) if t} if role is Role.LEAD else set()
        if role is Role.LEAD and team:
            wanted.add(team)
        self.db.execute("DELETE FROM lead_teams WHERE account_id = ?", [account_id])
        for lead_team in sorted(wanted):
            self.db.execute(
                "INSERT INTO lead_teams (account_id, team) VALUES (?, ?)", [account_id, lead_team]
            )

    def get(self, login: str) -> Account:
        found = self.find(clean_login(login))
        if found is None:
            raise AccountError(f"no account {login!r} (salescoach user list shows them)")
        return found

    def find(self, login: str) -> Account | None:
        return next(map(self._account, self.db["accounts"].rows_where("login = ?", [login])), None)

    def by_id(self, account_id: int) -> Account | None:
        return next(
            map(self._account, self.db["accounts"].rows_where("id = ?", [account_id])), None
        )

    def all(self) -> list[Account]:
        return [self._account(row) for row in self.db["accounts"].rows_where(order_by="login")]

    def _account(self, row: dict[str, Any]) -> Account:
        leads = self.db.execute(
            "SELECT team FROM lead_teams WHERE account_id = ? ORDER BY team", [row["id"]]
        )
        return Account(
            id=row["id"],
            login=row["login"],
            name=row["name"],
            rep_id=row["rep_id"],
            team=row["team"],
            role=Role(row["role"]),
            disabled=bool(row["disabled"]),
            leads=tuple(team for (team,) in leads),
            has_password=bool(row["password_hash"]),
        )

    def invite(self, login: str, days: float = INVITE_DAYS) -> str:
        """A single-use token to set a password (and sign in); earlier unused invites
        of the account stop working."""
        account = self.get(login)
        token = secrets.token_urlsafe(32)
        with self.store.lock, self.db.conn:
            self.db.execute(
                "DELETE FROM invites WHERE account_id = ? AND used_at IS NULL", [account.id]
            )
            self.db.execute(
                "INSERT INTO invites (token_hash, account_id, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                [token_hash(token), account.id, now(), from_now(days=days)],
            )
        return token

    def invited(self, token: str) -> Account:
        """The account an invite is for; refused with the reason if it cannot be used."""
        row = self.db.execute(
            "SELECT account_id, expires_at, used_at FROM invites WHERE token_hash = ?",
            [token_hash(token)],
        ).fetchone()
        if row is None:
            raise AccountError.said("invite_not_valid")
        account_id, expires_at, used_at = row
        if used_at:
            raise AccountError.said("invite_used")
        if expires_at < now():
            raise AccountError.said("invite_expired")
        account = self.by_id(account_id)
        if account is None or account.disabled:
            raise AccountError.said("account_disabled")
        return account

    def redeem(self, token: str, password: str) -> Account:
        """Set the password an invite allows, once: a second use of the link is refused."""
        check_password(password)
        account = self.invited(token)
        hashed = _HASHER.hash(password)
        with self.store.lock, self.db.conn:
            used = self.db.execute(
                "UPDATE invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                [now(), token_hash(token)],
            )
            if used.rowcount != 1:
                raise AccountError.said("invite_used")
            self.db.execute(
                "UPDATE accounts SET password_hash = ? WHERE id = ?", [hashed, account.id]
            )
            self.db.execute("DELETE FROM web_sessions WHERE account_id = ?", [account.id])
        return account

    def set_password(self, login: str, password: str, keep_session: str = "") -> None:
        """A new password ends every other signed-in session of the account (a stolen
        cookie does not outlive the change); ``keep_session`` is the caller's own token hash.
        Hashed before the lock: other requests never wait for Argon2."""
        check_password(password)
        account = self.get(login)
        hashed = _HASHER.hash(password)
        with self.store.lock, self.db.conn:
            self.db.execute(
                "UPDATE accounts SET password_hash = ? WHERE id = ?", [hashed, account.id]
            )
            self.db.execute(
                "DELETE FROM web_sessions WHERE account_id = ? AND token_hash != ?",
                [account.id, keep_session],
            )

    def verify(self, login: str, password: str, signing_in: bool = True) -> Account | None:
        """The account if the password is right (disabled accounts included: the caller
        says why they cannot sign in); None otherwise, in about the same time."""
        try:
            login = clean_login(login)
        except AccountError:
            login = ""
        row = self.db.execute(
            "SELECT id, password_hash FROM accounts WHERE login = ?", [login]
        ).fetchone()
        stored = row[1] if row and row[1] else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password[:MAX_PASSWORD])
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return None
        if not row or not row[1]:
            return None
        if _HASHER.check_needs_rehash(stored):
            rehashed = _HASHER.hash(password)
            with self.store.lock, self.db.conn:
                self.db.execute(
                    "UPDATE accounts SET password_hash = ? WHERE id = ?", [rehashed, row[0]]
                )
        if signing_in:
            with self.store.lock, self.db.conn:
                self.db.execute(
                    "UPDATE accounts SET last_sign_in = ? WHERE id = ?", [now(), row[0]]
                )
        return self.by_id(row[0])

    def reset(self, login: str) -> str:
        """Forget the password and sign the account out everywhere; returns a new invite."""
        account = self.get(login)
        with self.store.lock, self.db.conn:
            self.db.execute("UPDATE accounts SET password_hash = NULL WHERE id = ?", [account.id])
            self.db.execute("DELETE FROM web_sessions WHERE account_id = ?", [account.id])
        return self.invite(login)

    def set_disabled(self, login: str, disabled: bool) -> Account:
        """A disabled account is signed out at once and cannot sign in; its calls stay."""
        account = self.get(login)
        with self.store.lock, self.db.conn:
            self.db.execute(
                "UPDATE accounts SET disabled = ? WHERE id = ?", [int(disabled), account.id]
            )
            if disabled:
                self.db.execute("DELETE FROM web_sessions WHERE account_id = ?", [account.id])
        return self.get(login)

    def change(
        self,
        login: str,
        *,
        role: Role | None = None,
        team: str | None = None,
        leads: tuple[str, ...] | None = None,
    ) -> Account:
        account = self.get(login)
        role = Role(role) if role else account.role
        new_team = clean_team(team) if team is not None else account.team
        # The own team is led implicitly: moving a lead to another team stops the old one.
        kept = tuple(t for t in account.leads if t != account.team) if leads is None else leads
        with self.store.lock, self.db.conn:
            self.db.execute(
                "UPDATE accounts SET role = ?, team = ? WHERE id = ?",
                [role.value, new_team, account.id],
            )
            self._set_leads(account.id, role, new_team, kept)
        if team is not None:
            self.store.set_team(account.name, new_team)
        return self.get(login)

    def rename(self, login: str, name: str) -> Account:
        """Give the account another display name, keeping its calls. Scores are keyed
        by the name's rep id, so this is also how an admin attaches a rep who
        practised under a typed name before accounts: the account takes that name,
        and its own calls move to that rep."""
        account = self.get(login)
        try:
            name = text_input.clean_name(name)
        except text_input.BadName as err:
            raise AccountError(f"name: {err}") from None
        rid = rep_id(name)
        with self.store.lock, self.db.conn:
            self._check_rep_free(name, rid, account.id)
            self.db.execute(
                "UPDATE accounts SET name = ?, rep_id = ? WHERE id = ?", [name, rid, account.id]
            )
        self.store.set_team(name, account.team)
        with self.store.lock, self.db.conn:
            if rid != account.rep_id:
                self.db.execute(
                    "UPDATE sessions SET rep_id = ? WHERE rep_id = ?", [rid, account.rep_id]
                )
                self.db.execute("DELETE FROM reps WHERE id = ?", [account.rep_id])
        return self.get(login)

    def delete(self, login: str) -> list[str]:
        """Remove a person: the account and its sign-ins, the rep, their calls and turns.
        Returns the Rasa conversations (sender ids) of their calls, for the caller to
        remove from Rasa's tracker store, which this database does not hold."""
        account = self.get(login)
        rid = account.rep_id
        with self.store.lock, self.db.conn:
            senders = [
                sender
                for (sender,) in self.db.execute(
                    "SELECT DISTINCT sender_id FROM sessions WHERE rep_id = ?", [rid]
                )
                if sender
            ]
            calls = "SELECT id FROM sessions WHERE rep_id = ?"
            for table in self.store.call_tables():
                self.db.execute(f"DELETE FROM {table} WHERE session_id IN ({calls})", [rid])
            self.db.execute("DELETE FROM sessions WHERE rep_id = ?", [rid])
            self.db.execute("DELETE FROM reps WHERE id = ?", [rid])
            for table in ("lead_teams", "invites", "web_sessions"):
                self.db.execute(f"DELETE FROM {table} WHERE account_id = ?", [account.id])
            self.db.execute("DELETE FROM accounts WHERE id = ?", [account.id])
        return senders
