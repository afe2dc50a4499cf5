"""The words the bot says in chat, kept apart from Rasa so every channel
(rasa shell, REST, the web page) and the tests share one wording.

The wording itself is in the message catalogue (``data/messages/chat.yml`` and
``scorecard.yml``): during a call everything is in the scenario's language (the
customer speaks it, so the coach does too); before one, in the rep's
(:func:`rep_language`).
"""

from __future__ import annotations

from typing import Any

from salescoach import messages
from salescoach.practice.scenario import Scenario
from salescoach.practice.state import CallState
from salescoach.scoring import ReplyScore, chinese, objection
from salescoach.scoring.reply import tip_text

MAX_MESSAGE = 10_000
FRAMEWORKS = ("spin", "sandwich", "objection")
"""The scorecard's frameworks, in the order a rep reads them."""


def rep_language(chosen: str | None, said: str) -> str:
    """The rep's language outside a call: the one they chose, else the one of what
    they just typed (a rep typing 开始练习 reads Chinese, in the script they used)."""
    return messages.normal(chosen) if chosen else chinese.language_of(said)


def reconnecting(said: str) -> str:
    """The REST channel's line when the coach is down: all it knows of the rep is
    what they just typed, so the line is in that language and script."""
    return messages.text("chat.reconnecting", chinese.language_of(said))


def label(kind: str, name: str, language: str = "en") -> str:
    """A framework word in the rep's language: ``label("spin", "need_payoff", "zh-Hans")``
    is 需求收益; kinds are framework, outcome, spin, step, sandwich, objection, disc."""
    return messages.text(f"scorecard.{kind}_{name}", language)


def language_name(language: str, in_language: str) -> str:
    """A language's name as a rep reading ``in_language`` calls it."""
    return messages.text(f"chat.language_{messages.normal(language)}", in_language)


def command(name: str, language: str) -> str:
    """A word the rep types to steer the call ('hint', 'end'; 提示, 结束), as the
    briefing names it in ``language``."""
    return messages.text(f"chat.command_{name}", language)


def customer(scenario: Scenario, line: str) -> str:
    return messages.text("chat.customer", scenario.language, name=scenario.persona.name, line=line)


def _difficulty(scenario: Scenario, language: str) -> str:
    return messages.text(f"chat.difficulty_{scenario.difficulty}", language)


def briefing(scenario: Scenario) -> str:
    p = scenario.persona
    return messages.text(
        "chat.briefing",
        scenario.language,
        title=scenario.title,
        difficulty=_difficulty(scenario, scenario.language),
        industry=scenario.industry,
        product=scenario.product,
        name=p.name,
        role=p.role,
        disc=p.disc,
        context=scenario.context,
    )


CHOOSE_PREFIX = "/choose_scenario{"


def choose_payload(scenario: Scenario) -> str:
    """What a button sends: the intent with the id, so no NLU guess is involved."""
    return f'{CHOOSE_PREFIX}"scenario_id":"{scenario.id}"}}'


def menu_cards(scenarios: dict[str, Scenario], language: str = "en") -> list[dict[str, str]]:
    """The menu as fields, for the web page's scenario picker (persona in ``language``)."""
    return [
        {
            "id": s.id,
            "title": s.title,
            "disc": s.persona.disc,
            "persona": label("disc", s.persona.disc, language),
            "difficulty": s.difficulty,
            "industry": s.industry,
            "language": s.language,
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
        "customer": messages.text(
            "chat.customer_card", scenario.language, name=p.name, role=p.role
        ),
        "disc": p.disc,
        "context": scenario.context,
        "language": scenario.language,
    }


def coach(result: ReplyScore, language: str = "en") -> str:
    tips = " ".join(result.feedback)
    return messages.text("chat.coach", language, score=result.score, tips=tips).strip()


def menu(scenarios: dict[str, Scenario], language: str = "en") -> str:
    """The numbered list a rep picks from, in the rep's language (an empty list says
    how to switch language rather than showing nothing)."""
    if not scenarios:
        return messages.text("chat.no_scenarios", language)
    lines = [messages.text("chat.menu_title", language)]
    for number, s in enumerate(scenarios.values(), start=1):
        lines.append(
            messages.text(
                "chat.menu_line",
                language,
                number=number,
                title=s.title,
                disc=s.persona.disc,
                difficulty=_difficulty(s, language),
                industry=s.industry,
            )
        )
    return "\n".join(lines)


def scorecard(card: dict[str, Any], language: str = "en") -> str:
    """The end-of-call scorecard as text, in the call's language."""

    def part(key: str, **fields: Any) -> str:
        return messages.text(f"scorecard.{key}", language, **fields)

    outcome = label("outcome", card["outcome"], language)
    lines = [part("head", overall=card["overall"], turns=card["turns"], outcome=outcome)]
    for key in FRAMEWORKS:
        value, name = card["frameworks"][key], label("framework", key, language)
        lines.append(
            part("framework_unused", label=name)
            if value is None
            else part("framework_score", label=name, score=value)
        )
    lines.append(part("mix", **card["spin_mix"]))
    path = card["spin_path"]
    if path["sequence"]:
        verdict = (
            "verdict_stuck"
            if path["stuck_on_situation"]
            else "verdict_climbed"
            if path["progressed"]
            else "verdict_not_deep"
        )
        share = round(100 * path["share_implication_need_payoff"])
        lines.append(
            part("spin_path", sequence=path["sequence"], share=share, verdict=part(verdict))
        )
    if card["work_on"]:
        lines.append(part("work_on"))
        lines.extend(f"- {tip}" for tip in card["work_on"])
    return "\n".join(lines)


def hint(scenario: Scenario, state: CallState) -> str:
    """An out-of-role tip for the next move: the next objection step, else the next SPIN level."""
    language = scenario.language
    if state.open_objection is not None:
        kind = scenario.objections[state.open_objection].kind
        step = objection.next_step(state.objection_steps) or "confirm"
        tip = tip_text(objection.TIP_FOR_NEXT_STEP[step], language)
        kind_name = label("objection", kind, language)
        return messages.text("chat.hint_objection", language, kind=kind_name, tip=tip)
    asked = {t for turn in state.turns for t in turn.spin}
    for level, code in (
        ("problem", "ask_problem"),
        ("implication", "move_to_implication"),
        ("need_payoff", "move_to_need_payoff"),
    ):
        if level not in asked:
            return messages.text("chat.hint_tip", language, tip=tip_text(code, language))
    return messages.text("chat.hint_next_step", language)
