"""Chinese stand-ins of the logistics scenario for the chat tests: the same facts and
lines (the customer's Chinese is others' work), a Chinese title, customer and language,
written to a folder so the actions and the CLI read them as a trainer's files."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.calls import SCENARIOS

SOURCE = SCENARIOS / "logistics_backup_dominant.yml"
TITLES = {"zh-Hans": "为急性子物流总监做云备份", "zh-Hant": "為急性子物流總監做雲端備份"}
NAMES = {"zh-Hans": "王芳", "zh-Hant": "陳美玲"}
IDS = {"zh-Hans": "logistics-backup-zh-hans", "zh-Hant": "logistics-backup-zh-hant"}


def write(folder: Path, language: str) -> Path:
    """One Chinese scenario file in ``folder``; its path."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data.update(id=IDS[language], title=TITLES[language], language=language, industry="物流")
    data["persona"] = {**data["persona"], "name": NAMES[language], "role": "运营总监"}
    path = folder / f"{IDS[language].replace('-', '_')}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def folder_with_every_language(folder: Path) -> Path:
    """The project's English scenarios plus one in each Chinese script."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in SCENARIOS.glob("*.yml"):
        if not source.name.endswith(".test.yml"):
            shutil.copy(source, folder / source.name)
    for language in IDS:
        write(folder, language)
    return folder
