"""Who may do what on the page server, over real HTTP: `salescoach web` in its own
process on a real scores file holding a small team's history. Rasa is not needed
for these routes (and not running: the practice route says so politely).
"""

from __future__ import annotations

import csv
import http.cookiejar
import io
import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

from salescoach.accounts.users import Accounts, Role
from salescoach.practice import scenario
from salescoach.store import Store
from tests import team as team_history
from tests.live import BIN, ROOT, free_port, stop, wait_for
from tests.page_client import PASSWORD, PageClient, add_account

PEOPLE = [
    ("ana", "Ana Lima", Role.REP, "north", ()),
    ("ben", "Ben Okoro", Role.REP, "north", ()),
    ("cleo", "Cleo Park", Role.REP, "south", ()),
    ("lee", "Lee North", Role.LEAD, "north", ()),
    ("sue", "Sue South", Role.LEAD, "south", ()),
    ("root", "Ray Admin", Role.ADMIN, None, ()),
    ("dora", "Dora Gone", Role.REP, "north", ()),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, catalogue, parse):
    workdir = tmp_path_factory.mktemp("access")
    db = workdir / "scores.db"
    store = Store(db)
    calls = team_history.fill(store, catalogue, parse)
    accounts = Accounts(store)
    for person in PEOPLE:
        add_account(accounts, *person)
    port, log = free_port(), workdir / "web.log"
    env = {**os.environ, "SALESCOACH_DB": str(db), "SANIC_REQUEST_TIMEOUT": "3"}
    proc = subprocess.Popen(
        [str(BIN / "salescoach"), "web", "--port", str(port), "--rasa", "http://127.0.0.1:9"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    wait_for(base + "signin", proc, log)
    yield {"base": base, "calls": calls, "log": log, "accounts": accounts, "port": port}
    stop(proc)


def client(site, login: str | None = None) -> PageClient:
    page = PageClient(site["base"])
    if login:
        assert page.sign_in(login) == 200
    return page


def logged(site) -> str:
    time.sleep(0.2)
    return Path(site["log"]).read_text()


def test_without_a_session_every_page_sends_to_sign_in_and_every_call_is_401(site):
    page = client(site)
    for path in ("/", "/progress", "/dashboard", f"/calls/{site['calls']['ana'][0]}"):
        status, headers, _ = page.request(path)
        assert status == 302 and headers["Location"].startswith("/signin?next=")
    assert page.json("api/me")[0] == 401
    assert page.json("api/message", {"text": "hello"})[0] == 401
    assert page.request("dashboard.csv")[0] == 302
    assert "refused 401 POST /api/message" in logged(site)


def test_a_rep_sees_their_own_calls_and_nobody_elses(site):
    ana = client(site, "ana")
    own, other = site["calls"]["ana"][0], site["calls"]["ben"][0]
    status, _, body = ana.request(f"calls/{own}")
    assert status == 200 and b"How many servers do you have?" in body
    assert ana.request(f"calls/{other}")[0] == 403
    assert ana.request("progress?rep=ben-okoro")[0] == 403
    assert ana.request("dashboard")[0] == 403
    assert ana.request("dashboard.csv?view=reps")[0] == 403
    assert ana.request("calls/does-not-exist")[0] == 404
    assert ana.request(f"calls/{own[:8]}")[0] == 404
    assert ana.request("calls/%25%25%25%25%25%25")[0] == 404
    progress = ana.request("progress")[2].decode()
    assert "Progress: Ana Lima" in progress and "Ben Okoro" not in progress
    assert progress.count('href="/calls/') == len(site["calls"]["ana"])
    assert "refused 403 GET /calls/" in logged(site) and "(account ana)" in logged(site)


def test_a_lead_sees_the_teams_they_lead_only(site):
    lee = client(site, "lee")
    board = lee.request("dashboard")[2].decode()
    assert "Ana Lima" in board and "Ben Okoro" in board and "Cleo Park" not in board
    assert board.count("<h1>") == 1 and "<h1>Team dashboard (north)</h1>" in board
    assert lee.request("dashboard?team=south")[0] == 403
    assert lee.request(f"calls/{site['calls']['cleo'][0]}")[0] == 403
    assert lee.request(f"calls/{site['calls']['ben'][0]}")[0] == 200
    assert lee.request("progress?rep=ben-okoro")[0] == 200
    assert lee.request("progress?rep=cleo-park")[0] == 403
    status, headers, data = lee.request("dashboard.csv?view=sessions&rep=Ana+Lima")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert {r["name"] for r in rows} == {"Ana Lima"} and len(rows) == len(site["calls"]["ana"])
    assert lee.request("dashboard?since=yesterday")[0] == 400
    assert lee.request("dashboard.csv?view=nope")[0] == 400


def test_an_admin_sees_every_team(site):
    board = client(site, "root").request("dashboard?view=reps")[2].decode()
    assert all(name in board for name in ("Ana Lima", "Ben Okoro", "Cleo Park"))
    assert client(site, "sue").request("dashboard")[2].decode().count("Cleo Park") >= 1


def test_a_forged_or_missing_csrf_token_or_a_foreign_origin_is_refused(site):
    ana = client(site, "ana")
    token = ana.csrf
    ana.csrf = "forged"
    assert ana.json("api/message", {"text": "hello"})[0] == 403
    assert ana.json("api/password", {"current": PASSWORD, "new": "x" * 12})[0] == 403
    assert ana.json("api/signout", {})[0] == 403
    ana.csrf = token
    foreign = {"Origin": "https://evil.example"}
    assert ana.json("api/message", {"text": "hello"}, headers=foreign)[0] == 403
    assert ana.json("api/me")[0] == 200
    assert "csrf" in logged(site) and "foreign origin" in logged(site)
    fresh = PageClient(site["base"])
    fresh.request("signin")
    fresh.csrf = "not-the-cookie"
    assert fresh.json("api/signin", {"login": "ana", "password": PASSWORD})[0] == 403


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(site):
    dora = client(site, "dora")
    site["accounts"].set_disabled("dora", True)
    try:
        assert dora.json("api/me")[0] == 401
        again = PageClient(site["base"])
        assert again.sign_in("dora") == 401, "a disabled account's right password is not confirmed"
    finally:
        site["accounts"].set_disabled("dora", False)
    assert "disabled account" in logged(site)


def test_wrong_passwords_are_throttled_and_never_logged(site):
    page = PageClient(site["base"])
    secret = "my-secret-guess-%d"
    statuses = [page.sign_in("ben", secret % i) for i in range(6)]
    assert statuses == [401] * 5 + [429]
    assert page.json("api/signin", {"login": "ben", "password": PASSWORD})[0] == 429
    text = logged(site)
    assert "wrong password for account ben" in text and "my-secret-guess" not in text
    assert PASSWORD not in text


def test_a_password_typed_as_the_login_never_reaches_the_log(site):
    page = PageClient(site["base"])
    assert page.sign_in("hunter2-typed-in-the-wrong-field", "x") == 401
    text = logged(site)
    assert "hunter2" not in text and "unknown login" in text


def test_invites_work_once_and_say_why_they_do_not(site):
    accounts: Accounts = site["accounts"]
    accounts.add("nia", "Nia New", team="north")
    token = accounts.invite("nia")
    page = PageClient(site["base"])
    status, answer = page.json(f"api/invite/{token}")
    assert status == 200 and answer["name"] == "Nia New"
    page.request(f"invite/{token}")
    page.csrf = next(c.value for c in page.jar if c.name == "salescoach_csrf")
    assert page.json("api/invite", {"token": token, "password": "short"})[0] == 400
    status, answer = page.json("api/invite", {"token": token, "password": PASSWORD})
    assert status == 200 and answer["account"]["login"] == "nia"
    status, answer = page.json(f"api/invite/{token}")
    assert status == 410 and "already used" in answer["error"]
    assert page.json("api/invite", {"token": token, "password": PASSWORD})[0] == 400
    assert "not valid" in page.json("api/invite/made-up-token")[1]["error"]
    assert token not in logged(site) and "made-up-token" not in logged(site)


def test_invite_and_password_refusals_are_in_the_readers_language(site):
    accounts: Accounts = site["accounts"]
    accounts.add("wen", "Wen Li", team="north")
    token = accounts.invite("wen")
    page = PageClient(site["base"])
    page.request(f"invite/{token}")
    page.csrf = next(c.value for c in page.jar if c.name == "salescoach_csrf")
    taiwan = {"Accept-Language": "zh-TW"}
    short = page.json("api/invite", {"token": token, "password": "short"}, headers=taiwan)
    assert short == (400, {"error": "密碼至少需要 10 個字符。"})
    assert page.json("api/invite", {"token": token, "password": PASSWORD})[0] == 200
    used = page.json(f"api/invite/{token}", headers={"Accept-Language": "zh-CN"})
    assert used == (410, {"error": "这个邀请链接已经用过了：请直接登录，或要一个新的。"})
    english = page.json("api/invite/made-up-token")[1]["error"]
    assert english == "this invite link is not valid: ask your admin for a new one"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (json.dumps({"login": "x" * 5000, "password": "y"}).encode(), 401),
        (json.dumps({"login": "\ud800\u202e\U0001f600", "password": "y"}).encode(), 401),
        (json.dumps({"login": 5, "password": "y"}).encode(), 400),
        (b"[" * 5000 + b"]" * 5000, 400),
        (b"x" * 70_000, 413),
    ],
    ids=["not-json", "not-object", "huge-login", "odd-unicode", "login-not-text", "deep", "huge"],
)
def test_bad_sign_in_bodies_get_a_clear_4xx(site, body, status):
    page = PageClient(site["base"])
    page.request("signin")
    page.csrf = next(c.value for c in page.jar if c.name == "salescoach_csrf")
    got, _, answer = page.request("api/signin", raw=body, method="POST")
    assert got == status and answer
    assert page.request("signin")[0] == 200


def test_practice_messages_are_checked_and_rasa_down_is_a_retryable_503(site):
    ana = client(site, "ana")
    assert ana.json("api/message", {"text": "   "})[0] == 400
    assert ana.json("api/message", {"text": "x" * 10_001})[0] == 413
    assert ana.json("api/message", {"nope": 1})[0] == 400
    assert ana.request("api/message", raw=b"not json", method="POST")[0] == 400
    assert ana.request("api/message", raw=b"[1, 2]", method="POST")[0] == 400
    status, answer = ana.json("api/message", {"text": "hello"})
    assert status == 503 and answer["retry"] is True and "Retry" in answer["error"]


def test_the_scenario_picker_comes_from_the_page_server(site, catalogue):
    assert PageClient(site["base"]).json("api/scenarios")[0] == 401
    status, answer = client(site, "cleo").json("api/scenarios")
    english = list(scenario.in_language(catalogue, "en"))
    assert status == 200 and [s["id"] for s in answer["scenarios"]] == english
    assert all(s["payload"].startswith("/choose_scenario{") for s in answer["scenarios"])


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_the_scenario_picker_lists_the_scenarios_of_the_reps_language(site, catalogue, language):
    status, answer = client(site, "cleo").json(f"api/scenarios?lang={language}")
    assert status == 200
    assert [s["id"] for s in answer["scenarios"]] == list(scenario.in_language(catalogue, language))


def test_the_picker_follows_the_browsers_language_when_none_is_asked_for(site, catalogue):
    cleo = client(site, "cleo")
    headers = {"Accept-Language": "zh-TW,zh;q=0.9"}
    _, _, body = cleo.request("api/scenarios", headers=headers)
    wanted = list(scenario.in_language(catalogue, "zh-Hant"))
    assert [s["id"] for s in json.loads(body)["scenarios"]] == wanted


@pytest.mark.parametrize(
    ("asked", "browser", "kept", "lang", "start"),
    [
        ("", "", None, "en", "Start a call"),
        ("", "zh-CN,zh;q=0.9", None, "zh-Hans", "开始通话"),
        ("", "zh-TW", None, "zh-Hant", "開始通話"),
        ("?lang=zh-Hant", "en", "en", "zh-Hant", "開始通話"),
        ("", "zh-TW", "en", "en", "Start a call"),
        ("", "en", "zh-Hans", "zh-Hans", "开始通话"),
    ],
)
def test_the_practice_page_comes_in_the_chosen_language(site, asked, browser, kept, lang, start):
    """?lang= first, then the rep's choice on the page (its cookie), then the browser's."""
    ana = client(site, "ana")
    if kept:
        ana.jar.set_cookie(_cookie("salescoach_lang", kept))
    status, answer_headers, body = ana.request(asked, headers={"Accept-Language": browser})
    page = body.decode()
    assert status == 200 and f'<html lang="{lang}">' in page and f">{start}</button>" in page
    assert "default-src 'self'" in answer_headers["Content-Security-Policy"]


def test_the_sign_in_page_and_its_messages_need_no_sign_in(site):
    page = PageClient(site["base"])
    body = page.request("signin", headers={"Accept-Language": "zh-CN"})[2].decode()
    assert '<html lang="zh-Hans">' in body and 'data-msg="password">密码</label>' in body
    status, answer = page.json("api/page-messages?lang=zh-TW")
    assert status == 200 and answer["language"] == "zh-Hant"
    assert answer["messages"]["start"] == "開始通話"
    assert page.json("api/page-messages?lang=en")[1]["messages"]["start"] == "Start a call"
    assert page.json("api/page-messages?lang=klingon")[1]["language"] == "en"


@pytest.mark.parametrize(
    ("lang", "progress", "board"),
    [
        ("zh-Hans", "练习进度：Ana Lima", "团队看板（north）"),
        ("zh-Hant", "練習進度：Ana Lima", "團隊看板（north）"),
    ],
)
def test_progress_and_the_dashboard_come_in_chinese(site, lang, progress, board):
    ana = client(site, "ana")
    page = ana.request(f"progress?lang={lang}")[2].decode()
    assert f'<html lang="{lang}">' in page and progress in page and "Past calls" not in page
    shown = client(site, "lee").request(f"dashboard?lang={lang}")[2].decode()
    assert board in shown and "Ana Lima" in shown and f'name="lang" value="{lang}"' in shown
    assert "Skills per rep" not in shown
    cleo_call = (
        client(site, "cleo")
        .request(f"calls/{site['calls']['cleo'][0]}", headers={"Accept-Language": "zh-TW"})[2]
        .decode()
    )
    assert "通話：Cleo Park" in cleo_call


def test_the_page_can_tell_the_coach_its_language_and_nothing_like_it(site):
    ana = client(site, "ana")
    for language in ("en", "zh-Hans", "zh-Hant"):
        text = f'/choose_language{{"language":"{language}"}}'
        assert ana.json("api/message", {"text": text})[0] == 503, "passed on (Rasa is down here)"
    for text in (
        '/choose_language{"language":"fr"}',
        '/choose_language{"language":"zh-hant"}',
        '/choose_language{"language": "zh-Hant"}',
        '/choose_language{"language":"zh-Hant","rep_name":"Ben"}',
        '/choose_language{"language":"zh-Hant"}\n/restart',
        '/choose_language{"language":"zh-Hant"} ',
        "/choose_language",
    ):
        status, answer = ana.json("api/message", {"text": text})
        assert status == 400 and "cannot start with '/'" in answer["error"], text


def test_refusals_a_person_reads_come_in_their_language(site):
    chinese = {"Accept-Language": "zh-CN"}
    page = PageClient(site["base"])
    page.request("signin")
    page.csrf = next(c.value for c in page.jar if c.name == "salescoach_csrf")
    body = {"login": "ana", "password": "not the password"}
    status, answer = page.json("api/signin", body, headers=chinese)
    assert status == 401 and answer["error"] == "登录名或密码不正确。"
    assert page.json("api/signin", body)[1]["error"] == "Wrong login or password."
    ana = client(site, "ana")
    status, answer = ana.json("api/message", {"text": "/restart"}, headers=chinese)
    assert status == 400 and answer["error"] == "回复不能以“/”开头。"
    status, _, shown = ana.request("dashboard", headers={"Accept-Language": "zh-TW"})
    assert status == 403 and shown.decode().startswith("只有團隊主管")
    status, answer = ana.json("api/message", {"text": "hello"}, headers=chinese)
    assert status == 503 and answer["error"].startswith("练习服务器没有响应")


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False,
        None, False, None, None, {},
    )  # fmt: skip


def test_sign_out_ends_the_session_and_is_harmless_twice(site):
    ana = client(site, "ana")
    assert ana.json("api/signout", {})[0] == 200
    assert ana.json("api/me")[0] == 401
    assert ana.json("api/signout", {})[0] == 200


def test_only_the_pages_own_commands_may_start_with_a_slash(site):
    """'/restart' would clear the call's slots, the signed rep among them."""
    ana = client(site, "ana")
    for text in (
        "/restart",
        "/session_start",
        '/choose_scenario{"scenario_id":"x","rep_name":"Ben"}',
    ):
        status, answer = ana.json("api/message", {"text": text})
        assert status == 400 and "cannot start with '/'" in answer["error"]
    for text in ("/end_practice", '/choose_scenario{"scenario_id":"logistics-backup-dominant"}'):
        assert ana.json("api/message", {"text": text})[0] == 503, "passed on (Rasa is down here)"


def test_odd_tokens_and_paths_get_a_4xx_not_a_500(site):
    ana = client(site, "ana")
    for token in ("\u00e9t\u00e9", "x" * 5000):
        assert ana.json("api/message", {"text": "hi"}, headers={"X-CSRF-Token": token})[0] == 403
    assert ana.json("api/message", {"text": "hi"}, headers={"Origin": "http://[x"})[0] == 403
    assert ana.request("app.js/")[0] == 404
    assert ana.request("app.js")[0] == 200


def test_the_dashboard_names_nobody_outside_the_leads_teams(site):
    lee = client(site, "lee")
    for query in ("rep=Cleo+Park", "rep=zz", "scenario=nope"):
        page = lee.request(f"dashboard?{query}")[2].decode()
        assert "No calls match these filters" in page, query
        assert "Cleo" not in page.split("<main>")[1] and ".db" not in page


def test_signing_in_goes_back_to_the_page_asked_for_with_its_query(site):
    status, headers, _ = PageClient(site["base"]).request("dashboard?team=north&since=2026-10-01")
    assert status == 302
    assert headers["Location"] == "/signin?next=%2Fdashboard%3Fteam%3Dnorth%26since%3D2026-10-01"


def test_the_sign_out_button_of_the_progress_page_posts_its_csrf_field(site):
    ana = client(site, "ana")
    page = ana.request("progress")[2].decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    form = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": ""}
    forged = ana.request("api/signout", raw=b"csrf=forged", method="POST", headers=form)
    assert forged[0] == 403
    status, headers, _ = ana.request(
        "api/signout", raw=f"csrf={token}".encode(), method="POST", headers=form
    )
    assert status == 302 and headers["Location"] == "/signin"
    assert ana.json("api/me")[0] == 401


def test_the_hardening_of_the_other_servers_holds_here(site):
    with socket.create_connection(("127.0.0.1", site["port"]), timeout=10) as sock:
        sock.sendall(b"POST /api/signin HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 400")
    with socket.create_connection(("127.0.0.1", site["port"]), timeout=10) as slow:
        slow.sendall(b"GET /signin HTTP/1.1\r\n")
        started = time.monotonic()
        for _ in range(8):
            time.sleep(0.5)
            try:
                slow.sendall(b"X")
            except OSError:
                break
        answer = slow.recv(100)
        assert answer.startswith(b"HTTP/1.1 408") or answer == b""
        assert time.monotonic() - started < 6
    assert PageClient(site["base"]).request("signin")[0] == 200


def test_changing_the_password_checks_the_current_one_and_ends_other_sessions(site):
    accounts: Accounts = site["accounts"]
    add_account(accounts, "pat", "Pat Change", team="north")
    laptop, phone = client(site, "pat"), client(site, "pat")
    wrong = {"current": "not the password", "new": "a brand new secret"}
    assert laptop.json("api/password", wrong)[0] == 403
    short = {"current": PASSWORD, "new": "short"}
    assert laptop.json("api/password", short)[0] == 400
    right = {"current": PASSWORD, "new": "a brand new secret"}
    assert laptop.json("api/password", right) == (200, {"changed": True})
    assert laptop.json("api/me")[0] == 200 and phone.json("api/me")[0] == 401
    assert PageClient(site["base"]).sign_in("pat") == 401
    assert PageClient(site["base"]).sign_in("pat", "a brand new secret") == 200
