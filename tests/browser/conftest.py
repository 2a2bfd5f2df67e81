"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a real web process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or "Refused to " in text


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page; a test fails if the editor's own code broke its Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20_000)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if is_csp_violation(message.text) else None)
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
