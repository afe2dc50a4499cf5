"""The words the bot says in chat, kept apart from Rasa so every channel
(rasa shell, REST, the web page) and the tests share one wording.
"""

from __future__ import annotations

from typing import Any

from salescoach import data_files
from salescoach.frameworks import DISC_NAMES
from salescoach.practice.scenario import Scenario
from salescoach.practice.state import CallState
from salescoach.scoring import ReplyScore, objection

MAX_MESSAGE = 10_000
RECONNECTING = "The coach is reconnecting. Please send that again in a moment; your call is saved."
FRAMEWORK_LABELS = {
    "spin": "SPIN questions",
    "sandwich": "Sandwich",
    "objection": "Objection handling",
}
OUTCOME_TEXT = {
    "advance": "The customer agreed to a next step.",
    "stall": "The customer stalled the call.",
    "walk_away": "The customer walked away.",
    "ended_by_rep": "You ended the call.",
}


def customer(scenario: Scenario, line: str) -> str:
    return f"{scenario.persona.name}: {line}"


def briefing(scenario: Scenario) -> str:
    p = scenario.persona
    return (
        f"Scenario: {scenario.title} ({scenario.difficulty}, {scenario.industry}).\n"
        f"You sell: {scenario.product}\n"
        f"Customer: {p.name}, {p.role} (DISC type {p.disc}).\n"
        f"{scenario.context}\n"
        "Reply as the rep. Say 'hint' for a tip or 'end' to finish."
    )


CHOOSE_PREFIX = "/choose_scenario{"


def choose_payload(scenario: Scenario) -> str:
    """What a button sends: the intent with the id, so no NLU guess is involved."""
    return f'{CHOOSE_PREFIX}"scenario_id":"{scenario.id}"}}'


def menu_cards(scenarios: dict[str, Scenario]) -> list[dict[str, str]]:
    """The menu as fields, for the web page's scenario picker."""
    return [
        {
            "id": s.id,
            "title": s.title,
            "disc": s.persona.disc,
            "persona": DISC_NAMES[s.persona.disc],
            "difficulty": s.difficulty,
            "industry": s.industry,
            "payload": choose_payload(s),
        }
        for s in scenarios.values()
    ]


def scenario_card(scenario: Scenario) -> dict[str, str]:
    """The briefing as fields, for the web page's scenario header."""
    p = scenario.persona
    return {
        "id": scenario.id,
        "title": scenario.title,
        "difficulty": scenario.difficulty,
        "industry": scenario.industry,
        "product": scenario.product,
        "customer": f"{p.name}, {p.role}",
        "disc": p.disc,
        "context": scenario.context,
    }


def coach(result: ReplyScore) -> str:
    tips = " ".join(result.feedback)
    return f"Coach: {result.score}/100. {tips}".strip()


def menu(scenarios: dict[str, Scenario]) -> str:
    lines = ["Pick a scenario (type its number or use the buttons):"]
    for number, s in enumerate(scenarios.values(), start=1):
        lines.append(f"{number}. {s.title} [{s.persona.disc}, {s.difficulty}, {s.industry}]")
    return "\n".join(lines)


def scorecard(card: dict[str, Any]) -> str:
    lines = [
        f"Scorecard: {card['overall']}/100 over {card['turns']} replies. "
        + OUTCOME_TEXT[card["outcome"]]
    ]
    for key, label in FRAMEWORK_LABELS.items():
        value = card["frameworks"][key]
        lines.append(f"- {label}: {'not used' if value is None else f'{value}/100'}")
    mix = ", ".join(f"{k.replace('_', '-')} {v}" for k, v in card["spin_mix"].items())
    lines.append(f"- Question mix: {mix}")
    path = card["spin_path"]
    if path["sequence"]:
        share = round(100 * path["share_implication_need_payoff"])
        verdict = (
            "stuck on situation questions"
            if path["stuck_on_situation"]
            else "climbed the SPIN ladder"
            if path["progressed"]
            else "did not reach implication questions"
        )
        lines.append(
            f"- SPIN path: {path['sequence']} ({share}% implication/need-payoff; {verdict})"
        )
    if card["work_on"]:
        lines.append("Work on:")
        lines.extend(f"- {tip}" for tip in card["work_on"])
    return "\n".join(lines)


def hint(scenario: Scenario, state: CallState) -> str:
    """An out-of-role tip for the next move: the next objection step, else the next SPIN level."""
    tips = data_files.load("tips")
    if state.open_objection is not None:
        kind = scenario.objections[state.open_objection].kind
        step = objection.next_step(state.objection_steps) or "confirm"
        code = objection.TIP_FOR_NEXT_STEP[step]
        return f"Hint: the customer raised a {kind} objection. {tips[code]['tip']}"
    asked = {t for turn in state.turns for t in turn.spin}
    for level, code in (
        ("problem", "ask_problem"),
        ("implication", "move_to_implication"),
        ("need_payoff", "move_to_need_payoff"),
    ):
        if level not in asked:
            return f"Hint: {tips[code]['tip']}"
    return "Hint: you have explored well. Propose a concrete next step (a demo, a trial)."
