"""The team's page server (`salescoach web`): sign-in, the practice page, a rep's
progress, the leads' dashboard, transcripts and CSV.

Built on Sanic 21.12, the server Rasa 3.6 itself runs on: nothing new to install,
and the guards salescoach_sanic adds to Rasa and the action server (invalid
Content-Length, slow headers and bodies) hold here too. Checks of who may do what
are in guard.py (sessions, CSRF, refusals) and accounts/users.py (roles); pages
that show data are rendered here from the scores database (views.py), so a
browser with scripts off still reads its progress and the dashboard.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable

import aiohttp
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

import salescoach_sanic
from salescoach.accounts.signin import SignIns
from salescoach.accounts.users import Account, AccountError, Accounts, clean_login, token_hash
from salescoach.frameworks import LANGUAGES
from salescoach.practice import chat_text, scenario
from salescoach.practice.chat_text import MAX_MESSAGE
from salescoach.store import Store
from salescoach.web import guard, language, rasa_client, views
from salescoach.web.guard import Refused

MAX_BODY = 64 * 1024
BACKLOG = 256
"""Connections waiting to be accepted: a workshop of 200 reps opening the page at once."""
STATIC = {
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
    "/signin.js": ("signin.js", "text/javascript; charset=utf-8"),
    "/i18n.js": ("i18n.js", "text/javascript; charset=utf-8"),
}
PAGE_CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
log = logging.getLogger("salescoach.web")


@dataclass(frozen=True)
class Settings:
    rasa_url: str = "http://127.0.0.1:5005"
    actions_url: str = ""
    db_path: str | None = None
    secure_cookies: bool = False
    """Mark cookies Secure: set when the page is served over HTTPS (a proxy or --tls)."""
    behind_proxy: bool = False
    """Trust one proxy's X-Forwarded-For for the client's address (sign-in throttling)."""


def create_app(settings: Settings, name: str = "salescoach_web") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY
    app.config.KEEP_ALIVE_TIMEOUT = 15
    app.config.PROXIES_COUNT = 1 if settings.behind_proxy else 0
    app.ctx.settings = settings
    app.register_listener(salescoach_sanic.install, "before_server_start")
    app.register_listener(_open, "before_server_start")
    app.register_listener(_close, "after_server_stop")
    app.error_handler.add(Refused, guard.refusal)
    app.register_middleware(_security_headers, "response")
    for uri, handler, methods in ROUTES:
        app.add_route(
            handler, uri, methods=methods, name=f"{handler.__name__}{uri}", strict_slashes=True
        )
    return app


async def _open(app: Sanic, _loop: Any) -> None:
    store = Store(app.ctx.settings.db_path)
    app.ctx.store = store
    app.ctx.accounts = Accounts(store)
    app.ctx.signins = SignIns(app.ctx.accounts)
    app.ctx.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))


async def _close(app: Sanic, _loop: Any) -> None:
    await app.ctx.http.close()


async def _security_headers(request: Request, answer: HTTPResponse) -> None:
    for header, value in HEADERS.items():
        answer.headers.setdefault(header, value)
    answer.headers.setdefault("Content-Security-Policy", PAGE_CSP)


def _settings(request: Request) -> Settings:
    return request.app.ctx.settings


def _file(name: str) -> bytes:
    return (resources.files("salescoach.web") / "static" / name).read_bytes()


def _html(request: Request, name: str) -> HTTPResponse:
    """A static page in this request's language (web/language.py)."""
    html = language.render(_file(name).decode("utf-8"), language.chosen(request))
    return response.html(html, headers={"Vary": "Accept-Language, Cookie"})


async def practice_page(request: Request) -> HTTPResponse:
    guard.signed_in(request)
    return _html(request, "index.html")


async def static_file(request: Request) -> HTTPResponse:
    name, content_type = STATIC[request.path.rstrip("/")]
    return response.raw(_file(name), content_type=content_type)


async def signin_page(request: Request) -> HTTPResponse:
    if guard.web_session(request):
        return response.redirect("/")
    page = _html(request, "signin.html")
    return guard.with_csrf_cookie(request, page, _settings(request).secure_cookies)


async def invite_page(request: Request, token: str) -> HTTPResponse:
    page = _html(request, "signin.html")
    return guard.with_csrf_cookie(request, page, _settings(request).secure_cookies)


async def api_page_messages(request: Request) -> HTTPResponse:
    """The page's wording in one language, for the language picker (and the sign-in
    page, so no sign-in is needed: it is the same text the pages carry)."""
    chosen = language.chosen(request)
    return response.json({"language": chosen, "messages": language.page_messages(chosen)})


async def api_sign_in(request: Request) -> HTTPResponse:
    guard.changing_before_sign_in(request)
    body = guard.json_body(request, {"login": str, "password": str})
    signins: SignIns = request.app.ctx.signins
    accounts: Accounts = request.app.ctx.accounts
    login, where = body["login"], guard.address(request)
    _count_try(request, login)
    account = await asyncio.to_thread(accounts.verify, login, body["password"])
    if account is None or account.disabled:
        # One answer for all three: a disabled account's right password is not confirmed.
        await asyncio.to_thread(signins.failed, where)
        raise Refused.said(401, "wrong_sign_in", _why_not(accounts, login, account))
    signins.succeeded(login)
    return _signed_in_answer(request, account)


def _count_try(request: Request, login: str) -> None:
    """Refuse while throttled, else count this try before its password is checked (no
    await in between: parallel tries cannot pass the check together)."""
    signins: SignIns = request.app.ctx.signins
    if signins.throttled(login, guard.address(request)):
        raise Refused.said(429, "too_many_tries", "throttled")
    signins.attempt(login)


def _why_not(accounts: Accounts, login: str, account: Account | None) -> str:
    """For the log: never the typed text itself (people type passwords into the login
    field), only an account that exists."""
    if account is not None:
        return f"disabled account {account.login}"
    try:
        known = accounts.find(clean_login(login))
    except AccountError:
        known = None
    return f"wrong password for account {known.login}" if known else "unknown login"


def _signed_in_answer(request: Request, account: Account) -> HTTPResponse:
    token = request.app.ctx.signins.open(account)
    answer = response.json({"account": account.public()})
    guard.set_session_cookie(answer, token, _settings(request).secure_cookies)
    return answer


async def api_invite_check(request: Request, token: str) -> HTTPResponse:
    try:
        account = request.app.ctx.accounts.invited(token)
    except AccountError as err:
        raise Refused.account(410, err, "invite not usable") from None
    return response.json({"name": account.name, "login": account.login})


async def api_invite(request: Request) -> HTTPResponse:
    guard.changing_before_sign_in(request)
    body = guard.json_body(request, {"token": str, "password": str})
    try:
        account = await asyncio.to_thread(
            request.app.ctx.accounts.redeem, body["token"][:200], body["password"]
        )
    except AccountError as err:
        raise Refused.account(400, err, "invite refused") from None
    return _signed_in_answer(request, account)


async def api_me(request: Request) -> HTTPResponse:
    found = guard.signed_in(request)
    return response.json({"account": found.account.public(), "csrf": found.csrf})


async def api_sign_out(request: Request) -> HTTPResponse:
    """Idempotent: an expired session's Sign out still clears the cookie."""
    if guard.web_session(request) is not None:
        guard.changing(request)
        request.app.ctx.signins.close(request.cookies.get(guard.SESSION_COOKIE))
    if "application/json" in request.content_type:
        answer = response.json({"signed_out": True})
    else:
        answer = response.redirect("/signin")
    guard.clear_session_cookie(answer)
    return answer


async def api_password(request: Request) -> HTTPResponse:
    """Change one's password: the current one is checked (and throttled like sign-in),
    and every other session of the account ends."""
    found = guard.changing(request)
    body = guard.json_body(request, {"current": str, "new": str})
    accounts: Accounts = request.app.ctx.accounts
    signins: SignIns = request.app.ctx.signins
    login = found.account.login
    _count_try(request, login)
    if await asyncio.to_thread(accounts.verify, login, body["current"], False) is None:
        raise Refused.said(403, "wrong_current_password", "wrong current password")
    signins.succeeded(login)
    token = token_hash(request.cookies.get(guard.SESSION_COOKIE) or "")
    try:
        await asyncio.to_thread(accounts.set_password, login, body["new"], token)
    except AccountError as err:
        raise Refused.account(400, err) from None
    return response.json({"changed": True})


async def api_message(request: Request) -> HTTPResponse:
    found = guard.changing(request)
    body = guard.json_body(request, {"text": str})
    text = body["text"]
    if not text.strip():
        raise Refused.said(400, "empty_message")
    if len(text) > MAX_MESSAGE:
        raise Refused.said(413, "too_long", limit=MAX_MESSAGE)
    if text.startswith("/") and not _page_command(text):
        raise Refused.said(400, "slash_reply", "not a page command")
    status, answer = await rasa_client.send(
        request.app.ctx.http,
        _settings(request).rasa_url,
        found,
        text,
        body.get("exam") is True,
        language.chosen(request),
    )
    return response.json(answer, status=status)


async def api_scenarios(request: Request) -> HTTPResponse:
    """The scenario picker, from the page server: pressing Start costs no Rasa round
    trip, so a whole class pressing it at once waits for nothing (the call itself
    starts in Rasa when the rep picks one)."""
    guard.signed_in(request)
    catalogue = scenario.load_dir_cached(scenario.default_folder())
    shown = scenario.in_language(catalogue, language.chosen(request))
    return response.json({"scenarios": chat_text.menu_cards(shown)})


PAGE_COMMANDS = ("/start_practice", "/request_hint", "/end_practice")
_CHOICE = re.compile(re.escape(chat_text.CHOOSE_PREFIX) + r'"scenario_id":"[a-z0-9-]{1,80}"\}')
_LANGUAGE = re.compile(r'/choose_language\{"language":"(?:' + "|".join(LANGUAGES) + r')"\}')


def _page_command(text: str) -> bool:
    """Rasa reads a leading '/' as an intent to run; the page sends only these. Any
    other ('/restart' would clear the call and the signed rep) is refused."""
    return text in PAGE_COMMANDS or any(form.fullmatch(text) for form in (_CHOICE, _LANGUAGE))


async def health(request: Request) -> HTTPResponse:
    settings, http = _settings(request), request.app.ctx.http
    parts = {"page": "ready", "rasa": await rasa_client.state(http, settings.rasa_url + "/")}
    if settings.actions_url:
        parts["coach"] = await rasa_client.state(http, settings.actions_url + "/health")
    ready = all(state == "ready" for state in parts.values())
    return response.json(
        {"status": "ok" if ready else "not ready", **parts}, status=200 if ready else 503
    )


async def progress_page(request: Request) -> HTTPResponse:
    found = guard.signed_in(request)
    shown = views.progress(
        request.app.ctx.store, found, request.args.get("rep"), language.chosen(request)
    )
    return views.page(shown)


async def call_page(request: Request, session_id: str) -> HTTPResponse:
    found = guard.signed_in(request)
    return views.page(
        views.call(request.app.ctx.store, found, session_id, language.chosen(request))
    )


async def dashboard_page(request: Request) -> HTTPResponse:
    found = guard.signed_in(request, reports=True)
    return views.page(
        views.dashboard(request.app.ctx.store, found, request.args, language.chosen(request))
    )


async def dashboard_csv(request: Request) -> HTTPResponse:
    found = guard.signed_in(request, reports=True)
    name, text = views.dashboard_csv(request.app.ctx.store, found, request.args)
    return response.text(
        text,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def report_css(request: Request) -> HTTPResponse:
    return response.text(views.CSS, content_type="text/css; charset=utf-8")


ROUTES: list[tuple[str, Callable[..., Any], list[str]]] = [
    ("/", practice_page, ["GET"]),
    *((path, static_file, ["GET"]) for path in STATIC),
    ("/report.css", report_css, ["GET"]),
    ("/signin", signin_page, ["GET"]),
    ("/invite/<token>", invite_page, ["GET"]),
    ("/health", health, ["GET"]),
    ("/progress", progress_page, ["GET"]),
    ("/calls/<session_id>", call_page, ["GET"]),
    ("/dashboard", dashboard_page, ["GET"]),
    ("/dashboard.csv", dashboard_csv, ["GET"]),
    ("/api/signin", api_sign_in, ["POST"]),
    ("/api/invite/<token>", api_invite_check, ["GET"]),
    ("/api/invite", api_invite, ["POST"]),
    ("/api/me", api_me, ["GET"]),
    ("/api/signout", api_sign_out, ["POST"]),
    ("/api/password", api_password, ["POST"]),
    ("/api/message", api_message, ["POST"]),
    ("/api/scenarios", api_scenarios, ["GET"]),
    ("/api/page-messages", api_page_messages, ["GET"]),
]


def serve(settings: Settings, host: str, port: int, tls: dict[str, str] | None = None) -> None:
    """Run the server in this process until Ctrl-C or SIGTERM."""
    app = create_app(settings)
    app.run(
        host=host,
        port=port,
        ssl=tls,
        access_log=False,
        backlog=BACKLOG,
        motd=False,
        workers=1,
    )
