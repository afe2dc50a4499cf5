"""A small team's practice history, written the way the action server writes it:
sessions played through the real engine, each turn stored with the scorecard so far,
the customer's opening line and the hints the rep asked for.
"""

from __future__ import annotations

import itertools

from salescoach.practice import chat_text, scorecard, session
from salescoach.practice.scenario import Scenario
from salescoach.practice.understanding import Parse
from salescoach.store import Store
from tests.calls import CLINIC, GOOD_CALL, LOGISTICS

POOR_CALL = [
    "How many servers do you have?",
    "Which depots are they in?",
    "Who changes the tapes?",
    "It pays for itself after one incident.",
    "Our product has dashboards, modules, integrations, alerts, reports, an app and a roadmap "
    "full of features that everyone loves, and we have done this for years in every industry.",
]
NUMBERS = itertools.count()
HOSTILE = "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'> What is it?"


def play(
    store: Store,
    catalogue: dict[str, Scenario],
    parse: Parse,
    rep: str,
    scenario_id: str,
    replies: list[str],
    day: str,
    *,
    end: bool = True,
    hints_after: tuple[int, ...] = (),
) -> str:
    """One practice call as the actions write it: rep, session with the opening line,
    a hint after each number of replies in ``hints_after``, each turn with the
    scorecard so far, and the final scorecard if the rep ends it."""
    sid = f"{day.replace('-', '')}{next(NUMBERS):04d}{'0' * 20}"
    chosen = catalogue[scenario_id]
    state, opening = session.start(chosen, seed=sid)
    store.start_session(
        sid, store.ensure_rep(rep), sid, chosen.id, chosen.persona.disc, opening=opening
    )
    store.db.execute(
        "UPDATE sessions SET started_at = ? WHERE id = ?", [f"{day}T10:00:00+00:00", sid]
    )

    def hint() -> None:
        if state.turn in hints_after:
            text = chat_text.hint(chosen, state)
            store.record_hint(f"{sid}:hint:{state.turn}", sid, state.turn, text)

    for text in replies:
        if state.ended:
            break
        hint()
        turn = session.take_turn(chosen, state, text, parse(text))
        state = turn.state
        card = scorecard.build(chosen.id, state)
        store.record_turn(
            f"{sid}:{state.turn}",
            sid,
            state.turn,
            text,
            turn.customer.line,
            turn.result.to_json(),
            card,
        )
    hint()
    if end or state.ended:
        store.end_session(sid, scorecard.build(chosen.id, state))
    return sid


def fill(store: Store, catalogue: dict[str, Scenario], parse: Parse) -> dict[str, list[str]]:
    """Ana (north) improves; Ben (north) struggles; Cleo (south) played once and left it open."""
    store.set_team("Ana Lima", "north")
    store.set_team("Ben Okoro", "north")
    store.set_team("Cleo Park", "south")
    return {
        "ana": [
            play(store, catalogue, parse, "Ana Lima", LOGISTICS, POOR_CALL, "2026-10-01"),
            play(store, catalogue, parse, "Ana Lima", LOGISTICS, GOOD_CALL[:4], "2026-10-08"),
            play(
                store,
                catalogue,
                parse,
                "Ana Lima",
                LOGISTICS,
                GOOD_CALL,
                "2026-10-15",
                hints_after=(0, 2),
            ),
        ],
        "ben": [
            play(store, catalogue, parse, "Ben Okoro", LOGISTICS, POOR_CALL, "2026-10-02"),
            play(store, catalogue, parse, "Ben Okoro", CLINIC, POOR_CALL[:3], "2026-10-09"),
            play(
                store,
                catalogue,
                parse,
                "Ben Okoro",
                CLINIC,
                [HOSTILE, *POOR_CALL[:2]],
                "2026-10-16",
            ),
        ],
        "cleo": [
            play(
                store,
                catalogue,
                parse,
                "Cleo Park",
                CLINIC,
                GOOD_CALL[:2],
                "2026-10-20",
                end=False,
                hints_after=(2,),
            )
        ],
    }
