"""A scripted good call on the logistics scenario, shared by engine and e2e tests."""

from __future__ import annotations

from pathlib import Path

from salescoach.practice import scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

GOOD_CALL = [
    "Thanks for your time, Dana. How do you back up the depot servers today?",
    "What has been the hardest part of relying on tapes?",
    "What did the two-day outage at Leeds cost you?",
    "I understand, that's a fair concern. What are you comparing the price to?",
    "One outage cost you 18,000 in penalties, so it pays for itself almost four times over. "
    "Does that address your concern?",
    "Shall we book a restore test with your IT lead for Thursday?",
]

LOGISTICS = "logistics-backup-dominant"
CLINIC = "clinic-scheduling-analytical"


def menu_number(scenario_id: str) -> str:
    """What a rep types to pick a scenario from the chat menu (it lists scenarios in file order)."""
    return str(list(scenario.load_dir(SCENARIOS)).index(scenario_id) + 1)
