"""Action glue, with trackers built inline from events as rasa-sdk's own tests do."""

from __future__ import annotations

import json
import uuid

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import engine
from actions.rep import ActionSessionStart, ValidateRepForm
from actions.replies import ActionAskRepName, ActionDefaultFallback, ActionGreet
from actions.scenarios import ActionChooseLanguage, ActionListScenarios, ActionStartScenario
from actions.scorecard import ActionEndPractice
from actions.turns import ActionGiveHint, ActionScoreReply
from salescoach import keys, messages
from salescoach.accounts import signin
from salescoach.accounts.signin import SignIns
from salescoach.accounts.users import Accounts
from salescoach.practice import scenario
from salescoach.store import Store
from tests.calls import CHINESE, LOGISTICS, menu_number


@pytest.fixture(autouse=True)
def fresh_store(db_path):
    engine.store.cache_clear()
    yield
    engine.store.cache_clear()


WEB = {"client": "salescoach-web"}


def tracker(
    text: str, slots: dict | None = None, entities: list | None = None, metadata: dict | None = None
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": "reply_customer"},
        "entities": entities or [],
        "message_id": uuid.uuid4().hex,
        "metadata": metadata or {},
    }
    base = {"practice_active": False, "rep_name": "Ana Lima"}
    return Tracker(
        "rep-1", {**base, **(slots or {})}, message, [], False, None, {}, "action_listen"
    )


async def run(action, t: Tracker) -> tuple[list[dict], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return events, dispatcher


def slots_of(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def start(text="2", scenario_id=None, metadata=None):
    events, dispatcher = await run(
        ActionStartScenario(), tracker(text, {"scenario_id": scenario_id}, metadata=metadata)
    )
    return {"practice_active": False, "rep_name": "Ana Lima", **slots_of(events)}, dispatcher


async def test_list_offers_every_scenario_as_a_button(catalogue):
    events, dispatcher = await run(ActionListScenarios(), tracker("start practice"))
    [message] = dispatcher.messages
    assert len(message["buttons"]) == len(scenario.in_language(catalogue, "en"))
    assert message["buttons"][0]["payload"].startswith("/choose_scenario{")
    assert slots_of(events)["practice_active"] is False


async def test_start_by_number_by_id_and_unknown():
    slots, dispatcher = await start(menu_number(LOGISTICS))
    assert slots["practice_active"] and slots["scenario_id"] == "logistics-backup-dominant"
    assert dispatcher.messages[-1]["text"].startswith("Dana Reyes: ")
    slots, _ = await start("", "clinic-scheduling-analytical")
    assert slots["scenario_id"] == "clinic-scheduling-analytical"
    slots, dispatcher = await start("the spaceship one")
    assert slots["practice_active"] is False and slots["scenario_id"] is None
    assert "could not tell" in dispatcher.messages[0]["text"]


async def test_a_whole_session_is_in_the_database(db_path):
    slots, _ = await start("", LOGISTICS)
    for text in ["How do you back up today?", "What is the hardest part?"]:
        events, dispatcher = await run(ActionScoreReply(), tracker(text, slots))
        slots.update(slots_of(events))
        assert dispatcher.messages[0]["text"].startswith("Dana Reyes: ")
        assert dispatcher.messages[1]["text"].startswith("Coach: ")
    events, dispatcher = await run(ActionEndPractice(), tracker("end", slots))
    assert slots_of(events)["practice_active"] is False
    assert dispatcher.messages[0]["text"].startswith("Scorecard: ")
    db = Store(db_path)
    [session] = list(db.db["sessions"].rows)
    assert (
        session["rep_id"] == "ana-lima" and session["turns"] == 2 and session["overall"] is not None
    )
    assert dispatcher.messages[0]["text"].startswith(f"Scorecard: {session['overall']}/100")


@pytest.mark.parametrize(
    "text",
    ["", "😀😀😀", "<b>hi</b><script>alert(1)</script>", "word " * 2000, "Das ist zu teuer.", "/"],
)
async def test_odd_messages_never_crash_a_turn(text, db_path):
    slots, _ = await start("", LOGISTICS)
    events, dispatcher = await run(ActionScoreReply(), tracker(text, slots))
    assert [m["text"].split(":")[0] for m in dispatcher.messages] == ["Dana Reyes", "Coach"]
    assert Store(db_path).db["turns"].count == 1


async def test_score_hint_and_end_outside_practice_say_so():
    for action in (ActionScoreReply(), ActionGiveHint(), ActionEndPractice()):
        _, dispatcher = await run(action, tracker("hello"))
        assert dispatcher.messages[0]["text"].startswith("We are not in a practice call")


async def test_a_call_whose_scenario_vanished_is_cleared():
    slots, _ = await start("", LOGISTICS)
    slots["session_state"] = {**slots["session_state"], "scenario_id": "deleted-scenario"}
    events, dispatcher = await run(ActionScoreReply(), tracker("hello?", slots))
    assert dispatcher.messages[0]["text"].startswith("We are not in a practice call")
    assert slots_of(events) == {"practice_active": False}


async def test_hint_is_out_of_role():
    slots, _ = await start("", LOGISTICS)
    _, dispatcher = await run(ActionGiveHint(), tracker("hint", slots))
    assert dispatcher.messages[0]["text"].startswith("Hint: ")


async def test_the_opening_line_and_each_hint_are_kept_for_the_transcript(db_path):
    slots, started = await start("", LOGISTICS)
    sid = slots["session_id"]
    opening = started.messages[-1]["text"].split(": ", 1)[1]
    assert Store(db_path).session(sid)["opening"] == opening
    _, first = await run(ActionGiveHint(), tracker("hint", slots))
    events, _ = await run(ActionScoreReply(), tracker("How do you back up today?", slots))
    slots.update(slots_of(events))
    _, second = await run(ActionGiveHint(), tracker("hint", slots, metadata=WEB))
    hints = [(h["after_turn"], h["text"]) for h in Store(db_path).hints(sid)]
    assert hints == [(0, first.messages[0]["text"]), (1, second.messages[0]["custom"]["hint"])]


@pytest.mark.parametrize(
    ("value", "ok"), [("  Ana   Lima ", "Ana Lima"), ("123", None), ("x" * 61, None)]
)
async def test_rep_name_validation(value, ok):
    dispatcher = CollectingDispatcher()
    result = ValidateRepForm().validate_rep_name(value, dispatcher, tracker(value), {})
    assert result["rep_name"] == ok
    assert bool(dispatcher.messages) == (ok is None)


def test_a_team_the_page_sends_unsigned_is_ignored():
    form = ValidateRepForm()
    unsigned = tracker("Ana", metadata={**WEB, "team": "north"})
    assert form.validate_rep_name("Ana", CollectingDispatcher(), unsigned, {}) == {
        "rep_name": "Ana",
        "rep_team": None,
    }


@pytest.fixture
def signed_ana(store, monkeypatch):
    """Ana's account and the identity the page server signs for her conversation."""
    monkeypatch.setenv(keys.STATE_KEY_ENV, "actions-test-key")
    keys.state_key.cache_clear()
    accounts = Accounts(store)
    accounts.add("ana", "Ana Lima", team="north")
    web = SignIns(accounts).session(SignIns(accounts).open(accounts.get("ana")))
    yield web, signin.identity(web)
    keys.state_key.cache_clear()


async def test_the_signed_identity_names_the_rep_even_after_the_slots_were_cleared(
    signed_ana, db_path
):
    web, identity = signed_ana
    metadata = {**WEB, signin.IDENTITY: identity}
    typed = tracker("Ben", metadata=metadata)
    typed.sender_id = web.sender
    assert ValidateRepForm().validate_rep_name("Ben", CollectingDispatcher(), typed, {}) == {
        "rep_name": "Ana Lima",
        "rep_team": "north",
    }
    cleared = tracker(
        "/choose_scenario", {"scenario_id": LOGISTICS, "rep_name": None}, metadata=metadata
    )
    cleared.sender_id = web.sender
    await run(ActionStartScenario(), cleared)
    [session] = Store(db_path).db["sessions"].rows
    assert session["rep_id"] == "ana-lima"
    replayed = tracker("Ben", metadata=metadata)
    assert engine.client(replayed).rep is None


async def test_web_clients_get_the_coach_panel_as_a_custom_payload(db_path):
    slots, _ = await start("", LOGISTICS)
    reply = "I understand. How do you back up the depot servers today?"
    events, dispatcher = await run(ActionScoreReply(), tracker(reply, slots, metadata=WEB))
    customer, coach = dispatcher.messages
    assert customer["text"].startswith("Dana Reyes: ") and not coach["text"]
    panel = coach["custom"]["coach"]
    [turn] = Store(db_path).turns(slots["session_id"])
    assert panel["score"] == turn["score"] and panel["tips"] == json.loads(turn["feedback"])
    assert "situation question" in panel["hit"]
    assert any(e["sentence"].startswith("How do you back up") for e in panel["evidence"])


async def test_exam_mode_records_the_score_but_shows_no_feedback(db_path):
    """Exam is chosen when the call starts; unticking it later changes nothing."""
    exam = {**WEB, "exam": True}
    slots, _ = await start("", LOGISTICS, metadata=exam)
    assert Store(db_path).session(slots["session_id"])["exam"] == 1
    _, dispatcher = await run(
        ActionScoreReply(), tracker("What do you use today?", slots, metadata=WEB)
    )
    assert [m["text"] for m in dispatcher.messages if m["text"]] and len(dispatcher.messages) == 1
    assert len(Store(db_path).turns(slots["session_id"])) == 1
    _, hinted = await run(ActionGiveHint(), tracker("hint", slots, metadata=WEB))
    assert hinted.messages[0]["text"] == "Hints are off in exam mode."
    assert Store(db_path).hints(slots["session_id"]) == []
    _, ended = await run(ActionEndPractice(), tracker("end", slots, metadata=WEB))
    card = ended.messages[0]["custom"]["scorecard"]
    assert [f["key"] for f in card["frameworks"]] == ["spin", "sandwich", "objection"]
    assert card["overall"] == Store(db_path).session(slots["session_id"])["overall"]


async def test_a_forged_call_state_is_no_call_and_changes_no_score(db_path):
    """Scores come from the call's state, which travels through Rasa: a hand-made
    state (here: every reply scored 100) is refused, and the database keeps its score."""
    slots, _ = await start("", LOGISTICS)
    _, _ = await run(ActionScoreReply(), tracker("How many servers do you run?", slots))
    before = Store(db_path).session(slots["session_id"])
    forged = json.loads(json.dumps(slots["session_state"]))
    forged["turns"] = [{**t, "score": 100} for t in forged["turns"]] or forged["turns"]
    forged["turn"] = 9
    slots = {**slots, "practice_active": True, "session_state": forged}
    events, dispatcher = await run(ActionEndPractice(), tracker("end", slots))
    assert dispatcher.messages[0]["text"].startswith("We are not in a practice call")
    assert Store(db_path).session(slots["session_id"]) == before


async def test_an_exam_session_shows_as_one_in_the_sessions_report(db_path, catalogue):
    from salescoach.reports import report as report_mod
    from salescoach.store import Store as Scores

    slots, _ = await start("", LOGISTICS, metadata={**WEB, "exam": True})
    await run(ActionScoreReply(), tracker("How many depots do you run?", slots, metadata=WEB))
    store = Scores(db_path)
    rows = report_mod.sessions(store, report_mod.Filters())
    data = report_mod.build(rows, catalogue, report_mod.Filters())
    assert [s["exam"] for s in data["sessions"]] == [True]


async def test_the_rep_comes_from_the_signed_in_account_at_session_start(signed_ana):
    """The page signs who is writing; a forged, edited or replayed identity is ignored
    and the name is asked as in the terminal."""
    web, sealed = signed_ana

    async def session_start(identity, sender=web.sender):
        slots = {"practice_active": True, "session_started_metadata": {"identity": identity}}
        t = Tracker(sender, slots, {}, [], False, None, {}, "action_listen")
        events, _ = await run(ActionSessionStart(), t)
        assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
        return slots_of(events)

    signed = await session_start(sealed)
    assert signed["rep_name"] == "Ana Lima" and signed["rep_team"] == "north"
    assert signed["practice_active"] is True and "session_started_metadata" not in signed
    for forged, sender in (
        ({**sealed, "name": "Ben Okoro"}, web.sender),
        (sealed, "web-someone-else"),
        ({"name": "Ben Okoro", "sender": web.sender}, web.sender),
    ):
        assert "rep_name" not in await session_start(forged, sender)


async def test_a_scenario_button_pressed_mid_call_is_not_scored(db_path):
    slots, _ = await start(menu_number(LOGISTICS))
    pressed = tracker('/choose_scenario{"scenario_id":"clinic-scheduling-analytical"}', slots)
    events, dispatcher = await run(ActionScoreReply(), pressed)
    assert events == [] and [m["text"] for m in dispatcher.messages] == [
        messages.text("chat.end_call_first")
    ]
    assert Store(db_path).db["turns"].count == 0


@pytest.mark.parametrize(
    ("text", "number"),
    [("2", 2), ("number 3", 3), ("选2", 2), ("第三个", 3), ("我要第一個", 1), ("十号", 10)],
)
def test_a_scenario_is_picked_by_number_in_english_or_chinese(text, number):
    from actions.scenarios import pick

    catalogue = engine.scenarios()
    assert pick(catalogue, None, text) == list(catalogue.values())[number - 1]


def test_a_long_chinese_paste_is_a_reply_not_a_command():
    """Chinese has no spaces: the guard counts jieba's words, not space-separated ones."""
    from rasa.shared.nlu.training_data.message import Message

    from salescoach_nlu.command_guard import CommandLengthGuard

    guard = CommandLengthGuard(CommandLengthGuard.get_default_config())
    ranking = [
        {"name": "end_practice", "confidence": 0.6},
        {"name": "make_claim", "confidence": 0.3},
    ]
    short = Message({"text": "结束练习", "intent": dict(ranking[0]), "intent_ranking": ranking})
    paste = Message(
        {
            "text": "我们的系统能帮您省时间。" * 20,
            "intent": dict(ranking[0]),
            "intent_ranking": ranking,
        }
    )
    guard.process([short, paste])
    assert short.get("intent")["name"] == "end_practice"
    assert paste.get("intent")["name"] == "make_claim"


def choosing(language: str, text: str = "", slots: dict | None = None) -> Tracker:
    entities = [{"entity": "language", "value": language}] if language else []
    return tracker(text or f'/choose_language{{"language":"{language}"}}', slots, entities)


@pytest.mark.parametrize(
    ("named", "typed", "chosen", "said"),
    [
        ("zh-Hant", "", "zh-Hant", "好的，我們用繁體中文練習。"),
        ("zh-Hans", "", "zh-Hans", "好的，我们用简体中文练习。"),
        ("zh", "用中文練習", "zh-Hant", "好的，我們用繁體中文練習。"),
        ("zh", "Chinese please", "zh-Hans", "好的，我们用简体中文练习。"),
        ("en", "换成英文", "en", "We will practise in English."),
    ],
)
async def test_choosing_a_language_sets_it_and_answers_in_it(named, typed, chosen, said):
    events, dispatcher = await run(ActionChooseLanguage(), choosing(named, typed))
    assert slots_of(events) == {"language": chosen}
    assert [m["text"] for m in dispatcher.messages] == [said]


async def test_a_language_not_named_is_asked_for_in_the_reps_language():
    events, dispatcher = await run(ActionChooseLanguage(), choosing("", "换语言"))
    assert events == [] and dispatcher.messages[0]["text"].startswith("你想用哪种语言练习")


async def test_inside_a_call_the_language_stays_the_scenarios():
    slots, _ = await start("", CHINESE["zh-Hant"])
    events, dispatcher = await run(ActionChooseLanguage(), choosing("en", "English", slots))
    assert events == []
    [said] = [m["text"] for m in dispatcher.messages]
    assert said.startswith("這次通話繼續用繁體中文進行")


async def test_the_list_is_in_the_chosen_language(catalogue):
    _, dispatcher = await run(ActionListScenarios(), tracker("start", {"language": "zh-Hant"}))
    [message] = dispatcher.messages
    titles = [b["title"] for b in message["buttons"]]
    chinese_first = [s.language for s in scenario.in_language(catalogue, "zh-Hant").values()]
    assert titles == [s.title for s in scenario.in_language(catalogue, "zh-Hant").values()]
    assert chinese_first[0] == "zh-Hant" and set(chinese_first) == {"zh-Hans", "zh-Hant"}
    assert message["text"].startswith("選擇一個場景") and CHINESE["zh-Hant"] not in message["text"]
    _, dispatcher = await run(ActionListScenarios(), tracker("开始练习", {"language": "en"}))
    english = scenario.in_language(catalogue, "en")
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [
        s.title for s in english.values()
    ]
    _, web = await run(ActionListScenarios(), tracker("/start_practice", metadata=WEB))
    assert all(card["language"] == "en" for card in web.messages[0]["custom"]["scenarios"])


async def test_with_no_language_chosen_the_list_follows_what_the_rep_typed():
    """The list follows the rep's "开始练习", not the name the form asked for after it."""
    asked = said_before("開始練習", "start_practice")
    named = said_before("Ana Lima", "reply_customer")
    t = tracker("Ana Lima")
    t.events = [asked, named]
    _, dispatcher = await run(ActionListScenarios(), t)
    assert dispatcher.messages[0]["text"].startswith("選擇一個場景")
    _, dispatcher = await run(ActionListScenarios(), tracker("start practice"))
    assert dispatcher.messages[0]["text"].startswith("Pick a scenario")


async def test_a_number_picks_from_the_list_the_rep_was_shown(catalogue, db_path):
    shown = list(scenario.in_language(catalogue, "zh-Hant").values())
    events, dispatcher = await run(ActionStartScenario(), tracker("2", {"language": "zh-Hant"}))
    assert slots_of(events)["scenario_id"] == shown[1].id
    briefing, opening = [m["text"] for m in dispatcher.messages]
    script = "場景：" if shown[1].language == "zh-Hant" else "场景："
    assert briefing.startswith(script) and opening.startswith(f"{shown[1].persona.name}：")
    _, unknown = await run(ActionStartScenario(), tracker("第九个", {"language": "zh-Hans"}))
    assert unknown.messages[0]["text"] == "我没弄清你选的是哪个场景。"


async def test_a_chinese_call_coaches_hints_and_ends_in_chinese(catalogue, db_path):
    factory = catalogue[CHINESE["zh-Hans"]]
    slots, _ = await start("", factory.id)
    asked = tracker("车间的停机时间现在怎么统计？", slots)
    events, dispatcher = await run(ActionScoreReply(), asked)
    slots.update(slots_of(events))
    customer, coach = [m["text"] for m in dispatcher.messages]
    assert customer.startswith(f"{factory.persona.name}：") and coach.startswith("教练：")
    _, hinted = await run(ActionGiveHint(), tracker("提示", slots))
    assert hinted.messages[0]["text"].startswith("提示：")
    _, web = await run(ActionScoreReply(), tracker("最麻烦的是什么？", slots, metadata=WEB))
    assert all(not h.isascii() for h in web.messages[1]["custom"]["coach"]["hit"])
    _, ended = await run(ActionEndPractice(), tracker("结束", slots))
    card, after = [m["text"] for m in ended.messages]
    assert card.startswith("成绩单：") and after == "说“开始练习”再练一次，或说“帮助”。"


async def test_fixed_lines_follow_the_reps_language():
    _, greeted = await run(ActionGreet(), tracker("你好"))
    assert greeted.messages[0]["text"].startswith("你好！我来扮演")
    _, greeted = await run(ActionGreet(), tracker("hello", {"language": "zh-Hant"}))
    assert "開始練習" in greeted.messages[0]["text"]
    t = tracker("Ana")
    t.events = [said_before("開始練習", "start_practice")]
    _, asked = await run(ActionAskRepName(), t)
    assert asked.messages[0]["text"].startswith("開始之前")
    slots, _ = await start("", CHINESE["zh-Hans"])
    _, in_call = await run(ActionGreet(), tracker("hello", {**slots, "language": "en"}))
    assert in_call.messages[0]["text"].startswith("你好！")
    events, fallback = await run(ActionDefaultFallback(), tracker("???"))
    assert events == [{"event": "rewind", "timestamp": None}]
    assert fallback.messages[0]["text"].startswith("Sorry, I did not get that.")


def said_before(text: str, intent: str) -> dict:
    """A user event as Rasa stores it in the tracker: what was typed and its intent."""
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}
