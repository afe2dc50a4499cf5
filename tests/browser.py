"""Headless Chromium for page tests: Debian's /usr/bin/chromium, driven by
Playwright for Python (Playwright's own browser download is not reachable here).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Browser, Playwright

CHROMIUM = os.environ.get("SALESCOACH_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright: Playwright) -> Browser:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: scripts/setup installs Debian's chromium package")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
