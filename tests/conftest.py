"""Shared fixtures. Each test gets its own SQLite file; nothing touches var/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from salescoach.practice import scenario
from salescoach.practice.understanding import Parse
from salescoach.store import Store
from salescoach_nlu.interpreter import Interpreter, default_model
from tests import browser as chromium
from tests import team as team_history

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session")
def catalogue() -> dict[str, scenario.Scenario]:
    return scenario.load_dir(SCENARIOS)


@pytest.fixture
def dominant(catalogue: dict[str, scenario.Scenario]) -> scenario.Scenario:
    return catalogue["logistics-backup-dominant"]


@pytest.fixture
def analytical(catalogue: dict[str, scenario.Scenario]) -> scenario.Scenario:
    return catalogue["clinic-scheduling-analytical"]


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "scores.db"
    monkeypatch.setenv("SALESCOACH_DB", str(path))
    return path


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store(db_path)


@pytest.fixture
def team(
    store: Store, catalogue: dict[str, scenario.Scenario], parse: Parse
) -> dict[str, list[str]]:
    """Session ids per rep of ``tests/team.py``'s practice history, in the test's database."""
    return team_history.fill(store, catalogue, parse)


@pytest.fixture(scope="session")
def parse() -> Parse:
    """The trained model's NLU, loaded once: replies are understood as the chat does."""
    return Interpreter(default_model()).parse


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = chromium.launch(playwright)
        yield launched
        launched.close()
