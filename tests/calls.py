"""A scripted good call on the logistics scenario, shared by engine and e2e tests."""

from __future__ import annotations

from pathlib import Path

from salescoach.practice import scenario, session
from salescoach.practice.scenario import Scenario
from salescoach.practice.state import CallState
from salescoach.practice.understanding import Parse

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

GOOD_CALL = [
    "Thanks for your time, Dana. How do you back up the depot servers today?",
    "When the Leeds server died last month, how long were you without it?",
    "What did those two days cost you?",
    "Vaultline is 4,800 euros a year for up to 50 servers, with restores in under an hour.",
    "I understand, that's a fair concern. What are you comparing the price to?",
    "One outage cost you 18,000 in penalties, so it pays for itself almost four times over. "
    "Does that address your concern?",
    "Shall we book a restore test with your IT lead for Thursday?",
]
"""Situation, problem and implication facts, the price named (the objection comes),
acknowledge and probe, answer and confirm, then a next step the customer takes."""
OBJECTION_RAISED = 4
"""GOOD_CALL[:OBJECTION_RAISED] ends with the price objection open."""

LOGISTICS = "logistics-backup-dominant"
CLINIC = "clinic-scheduling-analytical"
CHINESE = {
    "zh-Hans": "zh-hans-factory-mes-price-dominant",
    "zh-Hant": "zh-hant-clinic-booking-change-steady",
}
"""A shipped Chinese scenario in each script."""
CHINESE_CALL = {
    "zh-Hans": [
        "顾厂长您好。现在车间的停机时间和产量是怎么统计的？",
        "班组长手填的停机时间准不准？",
        "停机没被及时发现，对交付造成了多大损失？",
    ],
    "zh-Hant": [
        "林主任您好。現在病人主要是怎麼預約的？",
        "爽約的情況多嗎？一天大概有幾位？",
        "爽約空出來的時段，一個月下來讓診所少收多少？",
    ],
}
"""A rep's first replies to the CHINESE scenarios: a situation, a problem and an
implication question, each answered by a fact of its level."""


def menu_number(scenario_id: str, language: str = "en") -> str:
    """What a rep types to pick a scenario from the chat menu: the scenarios of the
    rep's language, in file order (Chinese: the rep's script first)."""
    listed = scenario.in_language(scenario.load_dir(SCENARIOS), language)
    return str(list(listed).index(scenario_id) + 1)


def play(
    scenario: Scenario, replies: list[str], parse: Parse | None, seed: str = "t"
) -> tuple[CallState, list[session.Turn]]:
    """A call through the real engine, reply by reply, until the customer ends it."""
    state, _ = session.start(scenario, seed)
    turns = []
    for reply in replies:
        turn = session.take_turn(scenario, state, reply, parse(reply) if parse else None)
        state = turn.state
        turns.append(turn)
        if state.ended:
            break
    return state, turns


SCAFFOLD_FACTS = {
    "situation": ("We have two gyms and 1,200 members.", "How many members do you have?"),
    "problem": ("Members drop out after three months.", "What is hardest about keeping members?"),
}


def fill_scaffold(path: Path) -> None:
    """What a trainer does after `scenario new`: real facts and questions for the first
    situation and problem facts, and the other placeholders written over."""
    text = path.read_text()
    for level, (fact, question) in SCAFFOLD_FACTS.items():
        text = text.replace(f"TODO: what the customer tells about this ({level} fact).", fact, 1)
        text = text.replace(
            f"TODO: a question a rep would ask that this {level} fact answers", question, 2
        )
    path.write_text(text.replace("TODO", "Filled in"))
