"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a real web process.

Every test here is marked ``browser``. Its waits are Playwright's: an ``expect`` or an action waits
until the page shows what it waits for (a view's ``data-state``, a job's result), so the deadline set
here only guards against a hang, and is generous for a loaded machine. No test sleeps for a fixed time
to let a job finish.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

#: Debian's Chromium (VIKTORLITE_TEST_CHROMIUM names another, or a missing one to see the skip).
CHROMIUM = os.environ.get("VIKTORLITE_TEST_CHROMIUM", "/usr/bin/chromium")
#: Milliseconds any Playwright wait may take (Playwright's own default is 5 s for ``expect``, 30 s for
#: actions): long enough that only a hang reaches it, even with the suite in parallel on a busy machine.
HANG_MS = 120_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser is a browser test (``-m "not browser"`` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        # `make test` installs it; without root it cannot, and says so: the browser tests are skipped, not failed.
        pytest.skip(f"{CHROMIUM} is missing (install it: sudo tools/apt_install.sh chromium); browser tests skipped")
    expect.set_options(timeout=HANG_MS)
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
    page.set_default_timeout(HANG_MS)
    page.set_default_navigation_timeout(HANG_MS)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if is_csp_violation(message.text) else None)
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


#: The kitchen app: one entity type with an input of every kind and quick views.
KITCHEN = Path(__file__).parent / "apps" / "kitchen"


@pytest.fixture
def module_entity(start_module_app, start_module_web) -> Callable[[str | Path, str, str], tuple[str, int]]:
    """``module_entity(app, entity_type, name)``: a new entity of the test's own, in the one running
    ``app`` (workers and web process) its module's tests share; gives the web URL and the entity's id."""

    def create(app: str | Path, entity_type: str, name: str) -> tuple[str, int]:
        url = start_module_web(start_module_app(app))
        entity = httpx2.post(url + "/api/entities", json={"entity_type": entity_type, "name": name})
        assert entity.status_code == 201, entity.text
        return url, entity.json()["id"]

    return create


@pytest.fixture
def kitchen(module_entity) -> tuple[str, int]:
    """An entity of its own, in the one kitchen app the module's tests share."""
    return module_entity(KITCHEN, "Kitchen", "E 1")
