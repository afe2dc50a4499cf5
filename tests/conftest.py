"""Shared fixtures. Each test gets its own SQLite file; nothing touches var/."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescoach import scenario
from salescoach.store import Store

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
