"""Signed-in browsers: server-side sessions, their CSRF tokens and sign-in throttling.

The cookie holds only a random token; the database holds its SHA-256, the account,
a CSRF token and the Rasa conversation (sender id) the browser writes to. So the
page never chooses whose conversation it writes to, signing out or disabling an
account ends its sessions at once, and a stolen database copy holds no usable cookie.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from salescoach import keys
from salescoach.accounts.users import Account, AccountError, Accounts, clean_login, token_hash
from salescoach.store import from_now, now

SESSION_DAYS = 7
FAILURE_WINDOW_MINUTES = 15
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_ADDRESS = 30


@dataclass(frozen=True)
class WebSession:
    account: Account
    csrf: str
    sender: str


class SignIns:
    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts
        self.db = accounts.db
        self.lock = accounts.store.lock

    def open(self, account: Account) -> str:
        """A new session for a signed-in account; returns the cookie's token. Each
        session is a new Rasa conversation, named after the account."""
        token = secrets.token_urlsafe(32)
        sender = f"web-{account.id}-{secrets.token_hex(8)}"
        expires = from_now(days=SESSION_DAYS)
        with self.lock, self.db.conn:
            self.db.execute(
                "INSERT INTO web_sessions (token_hash, account_id, csrf, sender, created_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                [token_hash(token), account.id, secrets.token_urlsafe(24), sender, now(), expires],
            )
            self.db.execute("DELETE FROM web_sessions WHERE expires_at < ?", [now()])
        return token

    def session(self, token: str | None) -> WebSession | None:
        """The live session behind a cookie; None if unknown, expired or disabled."""
        if not token:
            return None
        row = self.db.execute(
            "SELECT account_id, csrf, sender, expires_at FROM web_sessions WHERE token_hash = ?",
            [token_hash(token)],
        ).fetchone()
        if row is None or row[3] < now():
            return None
        account = self.accounts.by_id(row[0])
        if account is None or account.disabled:
            return None
        return WebSession(account=account, csrf=row[1], sender=row[2])

    def close(self, token: str | None) -> None:
        if token:
            with self.lock, self.db.conn:
                self.db.execute(
                    "DELETE FROM web_sessions WHERE token_hash = ?", [token_hash(token)]
                )

    def throttled(self, login: str, address: str) -> bool:
        """Too many recent failures for this login or from this address: sign-in waits."""
        since = from_now(minutes=-FAILURE_WINDOW_MINUTES)
        by_login, by_address = (
            self.db.execute(
                "SELECT count(*) FROM sign_in_failures WHERE key = ? AND at >= ?", [key, since]
            ).fetchone()[0]
            for key in _keys(login, address)
        )
        return by_login >= MAX_FAILURES_PER_LOGIN or by_address >= MAX_FAILURES_PER_ADDRESS

    def attempt(self, login: str) -> None:
        """Count a try at a login before its password is checked, so parallel tries
        cannot slip past ``throttled`` together; a right password takes it back."""
        self._count(_keys(login, "")[0])

    def failed(self, address: str) -> None:
        """A wrong password from this address (a class behind one address signing in
        rightly never adds up)."""
        self._count(_keys("", address)[1])

    def succeeded(self, login: str) -> None:
        with self.lock, self.db.conn:
            self.db.execute("DELETE FROM sign_in_failures WHERE key = ?", [_keys(login, "")[0]])

    def _count(self, key: str) -> None:
        with self.lock, self.db.conn:
            self.db.execute("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)", [key, now()])
            self.db.execute(
                "DELETE FROM sign_in_failures WHERE at < ?",
                [from_now(minutes=-FAILURE_WINDOW_MINUTES)],
            )


def _keys(login: str, address: str) -> tuple[str, str]:
    """What failures are counted by: the login as sign-in reads it (a full-width 'ANA' and
    'ana' share one count; anything that cannot be a login shares one too) and the address."""
    try:
        key = clean_login(login)
    except AccountError:
        key = "(not a login)"
    return f"login:{key}", f"address:{address[:100]}"


IDENTITY = "identity"
"""The metadata key under which the page tells the action server who is writing."""
_SEAL = "seal"


def identity(web: WebSession) -> dict[str, object]:
    """Who writes to this conversation, signed with the host key: the action server
    takes the rep's name and team from it instead of asking (actions/rep.py)."""
    account = web.account
    fields = {"account": account.id, "name": account.name, "team": account.team}
    return keys.sign({"purpose": IDENTITY, **fields, "sender": web.sender}, _SEAL)


def trusted_identity(data: object, sender: str) -> dict[str, object] | None:
    """The identity in a message's metadata if this host signed it for this very
    conversation; a forged, edited or replayed one is ignored."""
    if not keys.verified(data, _SEAL) or not isinstance(data, dict):
        return None
    if data.get("purpose") != IDENTITY or data.get("sender") != sender:
        return None
    return data
