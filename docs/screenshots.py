"""Regenerate the README's screenshots from a demo team (bench/team_data.py).

make screenshots
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import team_data
from tests import browser as chromium
from tests.calls import GOOD_CALL
from tests.live import running

DOCS = Path(__file__).parent
SECTIONS = ("top", "frameworks", "leaderboard")


def report(workdir: Path) -> None:
    db, page_path = workdir / "demo.db", workdir / "report.html"
    team_data.write(db, sessions=150, reps=8)
    subprocess.run(
        [sys.executable, "-m", "salescoach", "report", "--html", str(page_path), "--db", str(db)],
        check=True,
    )
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        page = browser.new_page(viewport={"width": 1150, "height": 900})
        page.goto(page_path.as_uri())
        sections = [page.locator(f"#{s}").bounding_box()["y"] for s in SECTIONS]
        for name, (top, bottom) in zip(("report", "report-charts"), zip(sections, sections[1:])):
            clip = {"x": 0, "y": top, "width": 1150, "height": bottom - top}
            page.screenshot(path=DOCS / f"{name}.png", clip=clip, full_page=True)
        first = page.locator("details.transcript").first
        first.locator("summary").click()
        box = first.bounding_box()
        clip = {**box, "height": min(box["height"], 620)}
        page.screenshot(path=DOCS / "report-transcript.png", clip=clip, full_page=True)
        browser.close()


def practice_page(workdir: Path) -> None:
    """The page mid-call on the real stack: the chat, the coach panel, then the scorecard."""
    with running(workdir, web=True) as stack, sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        page = browser.new_page(viewport={"width": 1150, "height": 820})
        page.set_default_timeout(60_000)
        password = stack.add_account("ana", "Ana Lima", "north", "lead")
        page.goto(stack.page_url)
        page.get_by_label("Login", exact=True).fill("ana")
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Password", exact=True).press("Enter")
        page.get_by_role("button", name="Start a call").click()
        page.locator(".scenario", has_text="Cloud backup").click()
        for number, reply in enumerate(GOOD_CALL[:4], start=2):
            page.locator("#say").fill(reply)
            page.locator("#say").press("Enter")
            page.locator(".line.customer").nth(number - 1).wait_for()
        page.screenshot(path=DOCS / "practice-page.png")
        page.get_by_role("button", name="End call").click()
        page.locator("#card").wait_for()
        page.locator("#card").screenshot(path=DOCS / "practice-scorecard.png")
        page.get_by_role("link", name="My progress").click()
        page.screenshot(path=DOCS / "progress-page.png")
        page.get_by_role("link", name="Team dashboard").click()
        page.screenshot(path=DOCS / "dashboard.png")
        browser.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        report(Path(tmp))
        practice_page(Path(tmp))
    print(f"wrote the screenshots in {DOCS}/")
