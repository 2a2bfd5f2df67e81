"""The editor's start-up completes even when a request it needs is lost, and says so when it cannot.

A request is "lost" with ``page.route``: the handler never answers the first one, as a server or a
connection that dropped it would. Before, the editor waited for it for good: a module of its code held
left the page blank (its script never ran: an empty status, no ``data-ready``), a start-up read held
left it at "Loading…". The page's clock is Playwright's, fast-forwarded past the editor's own deadlines
(``LOAD_MS`` in editor.js, ``START_READ_MS`` in editor_app.js), so nothing waits for them in real time.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

#: Past the editor's deadlines (20 s for its code, 15 s for a start-up read).
PAST_DEADLINE_MS = 25_000


def lose_first(page: Page, path: str, *, abort: bool = False) -> list[str]:
    """Never answer (or, with `abort`, fail) the first request for `path`; let the later ones through."""
    held: list[str] = []

    def handle(route: Route) -> None:
        if held:
            route.continue_()
            return
        held.append(route.request.url)
        if abort:
            route.abort()
        # else: left unanswered, as a lost request

    page.route(lambda url: url.split("?")[0].endswith(path), handle)
    return held


def wait_for(page: Page, held: list[str], what: str, count: int = 1) -> None:
    """Until `count` requests for `what` are held (Playwright's own clock: the page's is fake)."""
    for _ in range(1200):
        if len(held) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{what} was requested {len(held)} times, not {count}")


@pytest.mark.parametrize("module", ["/static/js/editor_inputs.js", "/static/js/editor_app.js"])
def test_a_module_that_never_arrives_loads_the_page_again(page: Page, kitchen, module):
    url, entity_id = kitchen
    held = lose_first(page, module)
    page.clock.install()
    page.goto(f"{url}/entities/{entity_id}")
    wait_for(page, held, module)
    expect(page.locator("#editor-status")).to_contain_text("Loading…")
    page.clock.fast_forward(PAST_DEADLINE_MS)
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator('[data-view="data"]')).to_have_attribute("data-state", "ready")


def test_a_module_that_fails_to_load_loads_the_page_again(page: Page, kitchen):
    url, entity_id = kitchen
    held = lose_first(page, "/static/js/editor_views.js", abort=True)
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    assert held


@pytest.mark.parametrize("read", ["/api/app", "/slow-views", "/api/entities/{id}"])
def test_a_start_up_read_left_unanswered_is_sent_again(page: Page, kitchen, read):
    url, entity_id = kitchen
    held = lose_first(page, read.format(id=entity_id))
    page.clock.install()
    page.goto(f"{url}/entities/{entity_id}")
    wait_for(page, held, read)
    expect(page.locator("#editor")).not_to_have_attribute("data-ready", "true")
    page.clock.fast_forward(PAST_DEADLINE_MS)
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")


def test_code_that_never_arrives_is_said_after_the_reloads(page: Page, kitchen):
    url, entity_id = kitchen
    page.route(lambda u: u.split("?")[0].endswith("/static/js/editor_groups.js"), lambda route: None)
    page.clock.install()
    page.goto(f"{url}/entities/{entity_id}")
    for _ in range(3):  # two reloads, then the message
        expect(page.locator("#editor-status")).to_contain_text("Loading…")
        page.clock.fast_forward(PAST_DEADLINE_MS)
    problem = page.locator("#editor-status [data-start-problem]")
    expect(problem).to_contain_text("The editor could not load")
    expect(problem.get_by_role("button", name="Load the page again")).to_be_visible()
    expect(page.locator("#editor")).not_to_have_attribute("data-ready", "true")


def test_an_entity_read_never_answered_ends_in_a_message(page: Page, kitchen):
    url, entity_id = kitchen
    held: list[str] = []
    page.route(
        lambda u: u.split("?")[0].endswith(f"/api/entities/{entity_id}"), lambda route: held.append(route.request.url)
    )
    page.clock.install()
    page.goto(f"{url}/entities/{entity_id}")
    for attempt in range(1, 6):  # each read is given up after 15 s and sent again, five in all
        wait_for(page, held, "the entity", attempt)
        assert len(held) == attempt, held
        page.clock.fast_forward(16_000)
    expect(page.locator("#editor-status")).to_contain_text("Cannot open this entity")
    expect(page.locator("#editor-status")).to_contain_text("no answer in 15 s")
    expect(page.locator("#editor")).not_to_have_attribute("data-ready", "true")


@pytest.mark.parametrize("abort", [False, True], ids=["never-answered", "failed"])
def test_a_page_whose_loader_never_runs_loads_itself_again(page: Page, kitchen, abort):
    """editor.js itself lost (a run under load once showed it: a blank editor, no data-start): the page's
    inline watch loads the page again, at once when the script failed, else after the loader's deadline."""
    url, entity_id = kitchen
    held = lose_first(page, "/static/js/editor.js", abort=abort)
    page.clock.install()
    page.goto(f"{url}/entities/{entity_id}")
    wait_for(page, held, "/static/js/editor.js")
    if not abort:
        expect(page.locator("#editor")).not_to_have_attribute("data-start", "started")
        page.clock.fast_forward(PAST_DEADLINE_MS)
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator('[data-view="data"]')).to_have_attribute("data-state", "ready")
