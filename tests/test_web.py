"""The reps' practice page in real headless Chromium, against the real stack:
trained model, action server over HTTP, SQLite files.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from salescoach.practice import scenario
from salescoach.store import rep_id
from tests.calls import CHINESE, CHINESE_CALL, GOOD_CALL, LOGISTICS, OBJECTION_RAISED
from tests.live import BIN, ROOT, running
from tests.page_client import PageClient
from tests.team import HOSTILE

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
WAIT = 60_000
expect.set_options(timeout=WAIT)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running(tmp_path_factory.mktemp("web"), web=True) as live:
        yield live


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(WAIT)
    errors = []
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on("request", lambda r: r.url.startswith(stack.page_url) or errors.append(r.url))
    opened.goto(stack.page_url)
    yield opened
    context.close()
    assert errors == []


def rows(path, sql, *args):
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(sql, args)]


def sign_in(page, stack, name, team=None, role="rep"):
    """An admin made the account; the person signs in on the page (any page sends there)."""
    login = rep_id(name)
    password = stack.add_account(login, name, team, role)
    expect(page.get_by_label("Login", exact=True)).to_be_focused()
    page.get_by_label("Login", exact=True).fill(login)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password", exact=True).press("Enter")


def log_in(page, stack, name, team=None):
    sign_in(page, stack, name, team)
    expect(page.locator("#who")).to_have_text(f"{name} ({team})" if team else name)
    page.get_by_role("button", name="Start a call").click()
    expect(page.locator("#picker")).to_be_visible()


def pick(page, scenario_id):
    page.locator(".scenario", has_text=re.compile("Cloud backup")).click()
    expect(page.locator(".line.customer")).to_have_count(1)


def say(page, text):
    before = page.locator(".line.customer").count()
    page.get_by_label(re.compile("Your reply to the customer")).fill(text)
    page.get_by_label(re.compile("Your reply to the customer")).press("Enter")
    expect(page.locator(".line.customer")).to_have_count(before + 1)


def session_of(stack, rep_id):
    [session] = rows(
        stack.scores_db,
        "select * from sessions where rep_id = ? order by started_at desc limit 1",
        rep_id,
    )
    return session


def test_a_rep_practises_with_live_coaching_and_gets_a_scorecard(page, stack):
    log_in(page, stack, "Wes Web", "north")
    cards = page.locator(".scenario")
    assert cards.count() == 10
    expect(cards.filter(has_text="Cloud backup")).to_contain_text("D · dominant · medium")
    pick(page, LOGISTICS)
    expect(page.locator("#call-title")).to_contain_text("Cloud backup")

    say(page, GOOD_CALL[0])
    [turn] = rows(stack.scores_db, "select * from turns")
    expect(page.locator("#coach-score")).to_have_text(str(turn["score"]))
    expect(page.locator("#coach-hit")).to_contain_text("situation question")
    expect(page.locator(".line.rep mark").first).to_have_text(
        "How do you back up the depot servers today?"
    )
    for tip in json.loads(turn["feedback"]):
        expect(page.locator("#coach-tips")).to_contain_text(tip)

    for reply in GOOD_CALL[1 : OBJECTION_RAISED + 1]:
        say(page, reply)
    expect(page.locator("#coach-hit")).to_contain_text("acknowledge")
    page.get_by_role("button", name="Hint").click()
    expect(page.locator(".line.hint")).to_contain_text("Hint:")

    page.get_by_role("button", name="End call").click()
    expect(page.locator("#card")).to_be_visible()
    session = session_of(stack, "wes-web")
    expect(page.locator("#card-overall")).to_have_text(str(session["overall"]))
    expect(page.locator("#card-frameworks li")).to_have_count(3)
    expect(page.locator("#card-frameworks")).to_contain_text(
        f"SPIN questions: {session['spin']}/100"
    )
    assert session["ended_at"] and session["turns"] == OBJECTION_RAISED + 1
    assert rows(stack.scores_db, "select team from reps where id = 'wes-web'") == [
        {"team": "north"}
    ]
    page.get_by_role("button", name="Practise again").click()
    expect(page.locator("#picker")).to_be_visible()


def test_the_customer_listens_on_the_page(page, stack):
    """What the rep asked is what the customer answers; a question nothing answers is
    said so in character; asked again, the customer says it was told."""
    log_in(page, stack, "Lou Listen")
    pick(page, LOGISTICS)
    dominant = scenario.load(stack.scenarios / "logistics_backup_dominant.yml")
    say(page, "What's your budget for this?")
    budget = page.locator(".line.customer .said").last.inner_text()
    assert budget not in [f.text for f in dominant.facts]
    say(page, "When the server died, how long were you without it?")
    expect(page.locator(".line.customer .said").last).to_have_text(
        dominant.fact("leeds_outage").text
    )
    say(page, "So how long did the restore take?")
    expect(page.locator(".line.customer .said").last).to_contain_text("two days")
    turns = rows(stack.scores_db, "select customer_line from turns t join sessions s "
                 "on s.id = t.session_id where s.rep_id = 'lou-listen' order by turn")  # fmt: skip
    assert [t["customer_line"] for t in turns][:2] == [budget, dominant.fact("leeds_outage").text]


def test_when_the_customer_ends_the_call_its_last_line_and_the_coach_stay_in_view(page, stack):
    log_in(page, stack, "Cal Closer")
    pick(page, LOGISTICS)
    for reply in GOOD_CALL:
        say(page, reply)
    expect(page.locator(".line.customer .said").last).to_contain_text("restore test")
    expect(page.locator("#call-over")).to_be_visible()
    expect(page.locator("#call-over-text")).to_have_text("The customer agreed to a next step.")
    expect(page.locator("#coach-score")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator("#card")).to_be_hidden()
    expect(page.locator("#say-form")).to_be_hidden()
    page.get_by_role("button", name="See your scorecard").click()
    expect(page.locator("#card")).to_be_visible()
    session = session_of(stack, "cal-closer")
    expect(page.locator("#card-overall")).to_have_text(str(session["overall"]))
    expect(page.locator("#card-meta")).to_contain_text("agreed to a next step")


def test_html_in_a_message_is_text_and_long_messages_are_handled(page, stack):
    log_in(page, stack, "Hana Html")
    pick(page, LOGISTICS)
    say(page, HOSTILE)
    expect(page.locator(".line.rep .said").last).to_have_text(HOSTILE)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#log img, #log script").count() == 0
    say(page, "We cut restore times. " * 450)
    expect(page.locator("#coach-score")).to_have_text(re.compile(r"^\d+$"))
    assert page.locator("#say").get_attribute("maxlength") == "10000"
    assert session_of(stack, "hana-html")["turns"] == 2


def test_exam_mode_hides_feedback_but_records_every_reply(page, stack):
    log_in(page, stack, "Eli Exam")
    page.get_by_label("Exam mode").check()
    pick(page, LOGISTICS)
    say(page, GOOD_CALL[0])
    say(page, GOOD_CALL[1])
    expect(page.locator("#coach-exam")).to_be_visible()
    expect(page.locator("#coach-body")).to_be_hidden()
    expect(page.get_by_role("button", name="Hint")).to_be_disabled()
    assert session_of(stack, "eli-exam")["turns"] == 2
    page.get_by_role("button", name="End call").click()
    expect(page.locator("#card-overall")).to_have_text(
        str(session_of(stack, "eli-exam")["overall"])
    )


def test_the_coach_going_down_shows_a_message_and_retry_keeps_the_session(page, stack):
    log_in(page, stack, "Rita Retry")
    pick(page, LOGISTICS)
    say(page, GOOD_CALL[0])
    stack.stop("actions")
    try:
        page.get_by_label(re.compile("Your reply to the customer")).fill(GOOD_CALL[1])
        page.get_by_role("button", name="Send").click()
        expect(page.locator("#status")).to_contain_text("The coach is reconnecting")
    finally:
        stack.start_actions()
    page.get_by_role("button", name="Retry").click()
    expect(page.locator(".line.customer")).to_have_count(3)
    expect(page.locator("#status")).to_be_hidden()
    session = session_of(stack, "rita-retry")
    turns = rows(
        stack.scores_db,
        "select rep_text from turns where session_id = ? order by turn",
        session["id"],
    )
    assert [t["rep_text"] for t in turns] == GOOD_CALL[:2]


def test_a_page_reloaded_mid_call_goes_back_to_the_open_call(page, stack):
    log_in(page, stack, "Rey Reload")
    pick(page, LOGISTICS)
    say(page, GOOD_CALL[0])
    page.reload()
    page.get_by_role("button", name="Start a call").click()
    page.locator(".scenario", has_text="Cloud backup").click()
    expect(page.locator(".line.system").last).to_contain_text("You are in a practice call")
    page.get_by_role("button", name="End call").click()
    expect(page.locator("#card")).to_be_visible()
    session = session_of(stack, "rey-reload")
    assert session["turns"] == 1 and session["ended_at"]


def test_the_page_works_at_phone_width_and_by_keyboard(browser, stack):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.goto(stack.page_url)
    password = stack.add_account("kim", "Kim Keys")
    expect(page.get_by_label("Login", exact=True)).to_be_focused()
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Start a call")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#picker")).to_be_visible()
    expect(page.locator(".scenario").first).to_be_focused()
    page.locator(".scenario", has_text="Cloud backup").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#say")).to_be_focused()
    page.keyboard.type(GOOD_CALL[0])
    page.keyboard.press("Enter")
    expect(page.locator("#coach-score")).to_have_text(re.compile(r"^\d+$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_a_rep_sees_their_call_on_progress_and_a_lead_finds_it_on_the_dashboard(browser, stack):
    rep_context = browser.new_context(viewport={"width": 1200, "height": 900})
    rep = rep_context.new_page()
    rep.set_default_timeout(WAIT)
    rep.goto(stack.page_url)
    log_in(rep, stack, "Pia Progress", "west")
    pick(rep, LOGISTICS)
    say(rep, GOOD_CALL[0])
    say(rep, GOOD_CALL[1])
    rep.get_by_role("button", name="End call").click()
    expect(rep.locator("#card")).to_be_visible()
    session = session_of(stack, "pia-progress")
    rep.get_by_role("link", name="My progress").click()
    expect(rep.locator("h1")).to_have_text("Progress: Pia Progress")
    expect(rep.locator("#summary")).to_contain_text("1 call(s)")
    expect(rep.locator("#calls")).to_contain_text(str(session["overall"]))
    rep.locator("#calls a").first.click()
    expect(rep.locator("main")).to_contain_text(GOOD_CALL[1])
    expect(rep.get_by_role("link", name="Team dashboard")).to_have_count(0)
    rep.goto(stack.page_url + "dashboard")
    expect(rep.locator("body")).to_contain_text("Only team leads and admins")
    rep_context.close()

    lead_context = browser.new_context(
        viewport={"width": 1200, "height": 900}, accept_downloads=True
    )
    lead = lead_context.new_page()
    lead.set_default_timeout(WAIT)
    lead.goto(stack.page_url)
    sign_in(lead, stack, "Lena Lead", "west", role="lead")
    lead.get_by_role("link", name="Team dashboard").click()
    expect(lead.locator("main")).to_contain_text("Pia Progress")
    lead.get_by_role("textbox", name="Rep").fill("Pia Progress")
    lead.get_by_role("button", name="Show").click()
    lead.locator(f'a[href="/calls/{session["id"]}"]').first.click()
    expect(lead.locator("main")).to_contain_text(GOOD_CALL[0])
    lead.go_back()
    with lead.expect_download() as download:
        lead.get_by_role("link", name="sessions (CSV)").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    listed = [(r["name"], r["overall"]) for r in csv.DictReader(io.StringIO(saved))]
    assert listed == [("Pia Progress", str(session["overall"]))]
    lead_context.close()


def test_a_reps_data_is_exported_then_deleted_with_their_rasa_conversation(stack):
    """Through the real page server and Rasa: a call, `user export`, `user delete`."""
    stack.add_account("del", "Del Gone", "west")
    rep = PageClient(stack.page_url)
    assert rep.sign_in("del") == 200
    payload = next(
        s["payload"] for s in rep.json("api/scenarios")[1]["scenarios"] if s["id"] == LOGISTICS
    )
    assert rep.json("api/message", {"text": payload})[0] == 200
    assert rep.json("api/message", {"text": GOOD_CALL[0]})[0] == 200
    sender = session_of(stack, "del-gone")["sender_id"]
    assert rows(stack.tracker_db, "select count(*) n from events where sender_id = ?", sender)[0][
        "n"
    ]

    def user(*args):
        return subprocess.run(
            [str(BIN / "salescoach"), "user", *args, "--db", str(stack.scores_db)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        ).stdout  # fmt: skip

    exported = json.loads(user("export", "del"))
    assert [t["rep"] for t in exported["calls"][0]["turns"]] == [GOOD_CALL[0]]
    assert exported["calls"][0]["opening"]
    said = user("delete", "del", "--yes", "--tracker-db", str(stack.tracker_db))
    assert "deleted del: 1 call(s)" in said
    assert (
        rows(stack.tracker_db, "select count(*) n from events where sender_id = ?", sender)[0]["n"]
        == 0
    )
    assert (
        rows(stack.scores_db, "select count(*) n from sessions where rep_id = 'del-gone'")[0]["n"]
        == 0
    )
    assert rep.json("api/me")[0] == 401


def test_an_invite_link_sets_the_password_once_and_signs_in(browser, stack):
    from salescoach.accounts.users import Accounts
    from salescoach.store import Store

    accounts = Accounts(Store(stack.scores_db))
    accounts.add("ivy", "Ivy Invite", team="west")
    link = f"{stack.page_url}invite/{accounts.invite('ivy')}"
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.goto(link)
    expect(page.locator("#invite-for")).to_have_text("For Ivy Invite (login: ivy).")
    page.get_by_label(re.compile("New password")).fill("a long enough secret")
    page.get_by_label("The same again").fill("a long enough secert")
    page.get_by_role("button", name="Set password and start").click()
    expect(page.locator("#invite-error")).to_have_text("The two passwords differ.")
    page.get_by_label(re.compile("New password")).fill("a long enough secret")
    page.get_by_label("The same again").fill("a long enough secret")
    page.get_by_role("button", name="Set password and start").click()
    expect(page.locator("#who")).to_have_text("Ivy Invite (west)")
    page.goto(link)
    expect(page.locator("#invite-for")).to_contain_text("already used")
    expect(page.locator("#invite-form")).to_be_hidden()
    context.close()


@pytest.mark.parametrize(
    "wanted", ["https://evil.example/", "//evil.example/", "/%5Cevil.example/"]
)
def test_sign_in_never_sends_a_rep_to_another_site(browser, stack, wanted):
    login = f"nx{abs(hash(wanted)) % 10_000}"
    password = stack.add_account(login, f"Next Rep {chr(65 + len(wanted) % 26)}{len(wanted)}")
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.route(re.compile(r"^https?://evil\.example"), lambda route: route.abort())
    page.goto(f"{stack.page_url}signin?next={wanted}")
    page.get_by_label("Login", exact=True).fill(login)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password", exact=True).press("Enter")
    expect(page.locator("#start")).to_be_visible()
    assert page.url.startswith(stack.page_url)
    context.close()


def test_the_page_switches_to_chinese_and_remembers_the_choice(browser, stack, catalogue):
    """The picker re-fills the page without a reload, lists the language's scenarios,
    and the choice holds after a reload and on the pages the server draws."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(stack.page_url)
    sign_in(page, stack, "Zoe Zhong", "north")
    expect(page.get_by_role("button", name="Start a call")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("zh-Hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator("#start")).to_have_text("開始通話")
    expect(page.get_by_role("link", name="我的進度")).to_be_visible()
    expect(page.locator("#login-title")).to_have_text("練習一次銷售通話")
    page.get_by_role("button", name="開始通話").click()
    expect(page.locator("#picker-title")).to_have_text("選擇練習場景")
    wanted = scenario.in_language(catalogue, "zh-Hant")
    expect(page.locator(".scenario")).to_have_count(len(wanted))
    page.reload()
    expect(page.locator("#start")).to_have_text("開始通話")
    page.get_by_label("語言").select_option("zh-Hans")
    expect(page.locator("#start")).to_have_text("开始通话")
    page.get_by_role("link", name="我的进度").click()
    expect(page.locator("h1")).to_have_text("练习进度：Zoe Zhong")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.go_back()
    page.get_by_label("语言").select_option("en")
    expect(page.locator("#start")).to_have_text("Start a call")
    page.get_by_role("button", name="Start a call").click()
    expect(page.locator(".scenario")).to_have_count(len(scenario.in_language(catalogue, "en")))
    expect(page.locator(".scenario", has_text="Cloud backup")).to_contain_text("D · dominant")
    context.close()
    assert errors == []


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_a_chinese_call_on_the_page_shows_the_scores_it_stored(browser, stack, catalogue, language):
    """A rep who picks 中文 practises a Chinese scenario of their script: the customer
    answers in it, the coach and the scorecard speak it, the numbers are the rows."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale=language)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(stack.page_url)
    name = "李华" if language == "zh-Hans" else "陳志明"
    login = f"zh-rep-{language.lower()}"
    password = stack.add_account(login, name, "east", "rep")
    page.locator("#login").fill(login)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#who")).to_have_text(f"{name} (east)")
    page.locator("#start").click()
    chosen = catalogue[CHINESE[language]]
    listed = scenario.in_language(catalogue, language)
    expect(page.locator(".scenario")).to_have_count(len(listed))
    expect(page.locator(".scenario").first).to_contain_text(next(iter(listed.values())).title)
    page.locator(".scenario", has_text=chosen.title).click()
    expect(page.locator(".line.customer")).to_have_count(1)
    expect(page.locator("#call-title")).to_contain_text(chosen.title)
    for number, reply in enumerate(CHINESE_CALL[language][:2], start=1):
        page.locator("#say").fill(reply)
        page.locator("#say").press("Enter")
        expect(page.locator(".line.customer")).to_have_count(number + 1)
    [session] = rows(stack.scores_db, "select * from sessions where scenario_id = ?", chosen.id)
    turns = rows(stack.scores_db, "select * from turns where session_id = ?", session["id"])
    expect(page.locator("#coach-score")).to_have_text(str(turns[-1]["score"]))
    expect(page.locator(".line.customer").last).to_contain_text(turns[-1]["customer_line"])
    assert turns[-1]["customer_line"] in {f.text for f in chosen.facts}
    for tip in json.loads(turns[-1]["feedback"]):
        expect(page.locator("#coach-tips")).to_contain_text(tip)
    page.locator("#end").click()
    expect(page.locator("#card")).to_be_visible()
    [ended] = rows(stack.scores_db, "select * from sessions where id = ?", session["id"])
    expect(page.locator("#card-overall")).to_have_text(str(ended["overall"]))
    spin = "SPIN 提问" if language == "zh-Hans" else "SPIN 提問"
    expect(page.locator("#card-frameworks")).to_contain_text(f"{spin}：{ended['spin']}/100")
    context.close()
    assert errors == []
