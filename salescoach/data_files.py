"""Read the YAML data files a trainer can tune (cues, tips, personas)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str) -> Any:
    """Parse ``salescoach/data/<name>.yml`` once per process."""
    with (DATA_DIR / f"{name}.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
