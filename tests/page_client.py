"""A browser's side of the page's HTTP API, for tests: cookies, the CSRF token, JSON."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request
from email.message import Message
from typing import Any

from salescoach.accounts.users import Account, Accounts, Role

PASSWORD = "correct horse battery"


def add_account(
    accounts: Accounts,
    login: str,
    name: str,
    role: Role | str = Role.REP,
    team: str | None = None,
    leads: tuple[str, ...] = (),
) -> Account:
    """An account whose user has set ``PASSWORD`` through their invite, as a new user does."""
    accounts.add(login, name, Role(role), team, leads)
    return accounts.redeem(accounts.invite(login), PASSWORD)


class PageClient:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/") + "/"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.csrf = ""

    def request(
        self,
        path: str,
        body: Any = None,
        *,
        method: str | None = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> tuple[int, Message, bytes]:
        """(status, headers, body) of one request; 4xx and 5xx are answers, not errors."""
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", "X-CSRF-Token": self.csrf, **(headers or {})}
        request = urllib.request.Request(self.base + path.lstrip("/"), data, sent, method=method)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def json(self, path: str, body: Any = None, **kw: Any) -> tuple[int, dict[str, Any]]:
        status, _, data = self.request(path, body, **kw)
        return status, json.loads(data)

    def sign_in(self, login: str, password: str = PASSWORD) -> int:
        """The sign-in page's steps: get its CSRF cookie, post the form, keep the token."""
        self.request("signin")
        self.csrf = next(c.value for c in self.jar if c.name == "salescoach_csrf")
        status, _ = self.json("api/signin", {"login": login, "password": password})
        if status == 200:
            self.csrf = self.json("api/me")[1]["csrf"]
        return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to check (sign-in pages), not something to follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
