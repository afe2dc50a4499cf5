"""Every request's checks in one place: who is signed in, whether a state-changing
request carries its CSRF token, and how a refusal is answered and logged.

CSRF: a signed-in browser's token lives in its server-side session and comes back
in the ``X-CSRF-Token`` header (the page's fetch calls) or a ``csrf`` form field
(the sign-out button). Before sign-in there is no session, so the sign-in and
invite forms use a double-submit cookie: the token in a SameSite=Strict cookie
must equal the header. Either way a cross-site page can neither read nor send it.
A foreign ``Origin`` is refused outright.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from sanic import response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from salescoach import messages, text_input
from salescoach.accounts.signin import SignIns, WebSession
from salescoach.accounts.users import AccountError
from salescoach.web import language

SESSION_COOKIE = "salescoach_session"
CSRF_COOKIE = "salescoach_csrf"
CSRF_HEADER = "x-csrf-token"
log = logging.getLogger("salescoach.web")
_INVITE_TOKEN = re.compile(r"^(/(?:api/)?invite/).+")
"""An invite token in a logged path would let a log reader use it."""


class Refused(SanicException):
    """A request answered 4xx: ``message`` is for the user, ``reason`` for the log."""

    def __init__(self, status: int, message: str, reason: str = "") -> None:
        super().__init__(message, status_code=status)
        self.reason = reason or message
        self.key: str | None = None
        self.fields: dict[str, Any] = {}

    @classmethod
    def said(cls, status: int, key: str, reason: str = "", **fields: Any) -> Refused:
        """A refusal a rep or lead reads: ``page.<key>`` of the catalogue, answered in
        the request's language (English in the log)."""
        refused = cls(status, messages.text(f"page.{key}", **fields), reason)
        refused.key, refused.fields = key, fields
        return refused

    @classmethod
    def account(cls, status: int, err: AccountError, reason: str = "") -> Refused:
        """An account's refusal (a password, an invite) in the reader's language when
        the catalogue has it."""
        if err.key is None:
            return cls(status, str(err), reason)
        return cls.said(status, err.key, reason, **err.fields)

    def text(self, request: Request) -> str:
        if self.key is None:
            return str(self)
        return messages.text(f"page.{self.key}", language.chosen(request), **self.fields)


def address(request: Request) -> str:
    """The client's address: the proxy's forwarded one when ``--behind-proxy``."""
    return request.remote_addr or request.ip or "?"


def web_session(request: Request) -> WebSession | None:
    signins: SignIns = request.app.ctx.signins
    return signins.session(request.cookies.get(SESSION_COOKIE))


def signed_in(request: Request, *, reports: bool = False) -> WebSession:
    """The caller's session, or a refusal: 401 without one, 403 without the role."""
    found = web_session(request)
    if found is None:
        raise Refused.said(401, "sign_in_please", "no session")
    if reports and not found.account.sees_reports:
        raise Refused.said(403, "leads_only", "not a lead")
    return found


def check_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    try:
        foreign = bool(origin) and origin != "null" and urlsplit(origin).netloc != request.host
    except ValueError:
        foreign = True
    if foreign:
        raise Refused.said(403, "foreign_site", "foreign origin")


def same_token(sent: str | None, kept: str | None) -> bool:
    """Constant-time, and any text a client sends (compare_digest refuses non-ASCII str)."""
    if not sent or not kept:
        return False
    return hmac.compare_digest(sent.encode("utf-8", "replace"), kept.encode("utf-8", "replace"))


def changing(request: Request, *, reports: bool = False) -> WebSession:
    """A signed-in, state-changing request: the session's CSRF token must come with it."""
    found = signed_in(request, reports=reports)
    check_origin(request)
    sent = request.headers.get(CSRF_HEADER) or _form_field(request, "csrf")
    if not same_token(sent, found.csrf):
        raise Refused.said(403, "out_of_date", "csrf")
    return found


def changing_before_sign_in(request: Request) -> None:
    """Sign-in and invites: the double-submit cookie must match the header."""
    check_origin(request)
    if not same_token(request.headers.get(CSRF_HEADER), request.cookies.get(CSRF_COOKIE)):
        raise Refused.said(403, "reload", "csrf (before sign-in)")


def _form_field(request: Request, name: str) -> str | None:
    if "application/x-www-form-urlencoded" not in request.content_type:
        return None
    return request.form.get(name)


def with_csrf_cookie(request: Request, answer: HTTPResponse, secure: bool) -> HTTPResponse:
    """Give a browser the pre-sign-in CSRF cookie if it has none."""
    if not request.cookies.get(CSRF_COOKIE):
        _cookie(answer, CSRF_COOKIE, secrets.token_urlsafe(24), secure, http_only=False)
    return answer


def set_session_cookie(answer: HTTPResponse, token: str, secure: bool) -> None:
    _cookie(answer, SESSION_COOKIE, token, secure, http_only=True)


def clear_session_cookie(answer: HTTPResponse) -> None:
    answer.cookies[SESSION_COOKIE] = ""
    answer.cookies[SESSION_COOKIE]["max-age"] = 0
    answer.cookies[SESSION_COOKIE]["path"] = "/"


def _cookie(answer: HTTPResponse, name: str, value: str, secure: bool, http_only: bool) -> None:
    answer.cookies[name] = value
    cookie = answer.cookies[name]
    cookie["path"] = "/"
    cookie["samesite"] = "Strict"
    cookie["httponly"] = http_only
    cookie["secure"] = secure


def refusal(request: Request, error: Refused) -> HTTPResponse:
    """JSON for the page's calls, a redirect to sign-in for a page, text otherwise;
    logged with the account and the reason, never with a password or a body."""
    found = web_session(request) if error.status_code != 401 else None
    who = found.account.login if found else "-"
    log.warning(
        "refused %s %s %s from %s (account %s): %s",
        error.status_code,
        request.method,
        _INVITE_TOKEN.sub(r"\1…", request.path),
        address(request),
        who,
        error.reason,
    )
    if request.path.startswith("/api/"):
        return response.json({"error": error.text(request)}, status=error.status_code)
    if error.status_code == 401 and request.method == "GET":
        wanted = request.path + (f"?{request.query_string}" if request.query_string else "")
        return response.redirect(f"/signin?next={quote(wanted, safe='')}")
    return response.text(error.text(request), status=error.status_code)


def json_body(request: Request, fields: dict[str, type]) -> dict[str, Any]:
    """The JSON object a page call sends, with each named field of its type; text in
    one form (NFC, a lone surrogate replaced), as everywhere text enters."""
    if "application/json" not in request.content_type:
        raise Refused(415, "send application/json")
    try:
        body = request.json
    except Exception:  # Sanic raises its own error types for bad JSON
        raise Refused(400, "body is not JSON") from None
    if not isinstance(body, dict):
        raise Refused(400, "body must be a JSON object")
    for name, kind in fields.items():
        if not isinstance(body.get(name), kind):
            raise Refused(400, f"{name}: a {kind.__name__} is required")
        if kind is str:
            body[name] = text_input.clean(body[name])
    return body
