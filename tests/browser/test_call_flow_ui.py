"""The platform's call flow for views, as a person sees it: visible callbacks, newest result wins."""

from __future__ import annotations

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import HANG, jobs_ended, wait_until


@pytest.fixture
def results_editor(start_module_app, start_module_web, page: Page) -> Page:
    """An entity of its own in the one results app (workers and web process) the module's tests share:
    each test reads only its own entity's views (and the slow view's jobs, which only one test runs)."""
    url = start_module_web(start_module_app("results"))
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Results", "name": "r"})
    assert entity.status_code == 201, entity.text
    page.goto(f"{url}/entities/{entity.json()['id']}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    return page


def set_number(page: Page, path: str, value: str) -> None:
    field = page.locator(f'[data-field="{path}"] input').first
    field.fill(value)
    field.dispatch_event("change")


def test_a_view_visible_callback_shows_and_hides_its_tab(results_editor: Page):
    page = results_editor
    tab = page.locator('[data-view-tab="wide"]')
    expect(tab).to_be_hidden()  # the callback says no while "Show wide" is off
    page.locator('[data-field="show_wide"] label.switch').click()
    expect(tab).to_be_visible()
    tab.click()
    expect(page.locator('[data-view="wide"] table.table-view')).to_be_visible()
    page.locator('[data-field="show_wide"] label.switch').click()
    expect(tab).to_be_hidden()
    expect(page.locator('[data-view="wide"]')).to_be_hidden()  # another view took over


def test_the_newest_run_of_a_slow_view_wins(results_editor: Page):
    page = results_editor
    page.locator('[data-view-tab="slow"]').click()
    view = page.locator('[data-view="slow"]')
    view.locator("[data-update-view]").click()  # a slow view runs from its button only
    value = view.locator('[data-item-label="N"] .data-value')
    expect(value).to_have_text("1")
    set_number(page, "sleep", "4")
    set_number(page, "n", "2")
    view.locator("[data-update-view]").click()  # a slow run of n=2 ...
    expect(view).to_have_attribute("data-state", "loading")
    set_number(page, "sleep", "0")
    set_number(page, "n", "3")
    view.locator("[data-update-view]").click()  # ... overtaken by a quick run of n=3
    expect(value).to_have_text("3")
    # Every run of the view (n=2 and n=3 at least) has ended: a late n=2 result would have arrived by now.
    base = page.url.split("/entities/")[0]
    wait_until(lambda: jobs_ended(base, 2, "slow"), HANG, "every run of the slow view to end")
    expect(value).to_have_text("3")
    expect(view).to_have_attribute("data-state", "ready")


def test_quick_views_follow_inputs_and_messages_show_live(results_editor: Page):
    page = results_editor
    value = page.locator('[data-view="data"] [data-item-label="N"] .data-value')
    expect(value).to_have_text("1")
    set_number(page, "n", "7")
    expect(value).to_have_text("7")
    expect(page.locator(".toast-info").last).to_contain_text("n is 7")  # its UserMessage, live
    page.locator('[data-button="act"]').click()
    expect(page.locator(".toast-success").last).to_contain_text("acted")


def test_app_text_in_maps_and_tables_is_shown_as_text_never_run(results_editor: Page):
    page = results_editor
    evil = '<img src=x onerror="window.pwned=1">'
    page.locator('[data-view-tab="evil_map"]').click()
    view = page.locator('[data-view="evil_map"]')
    expect(view).to_have_attribute("data-state", "ready")
    marker = view.locator(".map-marker").first
    marker.hover()
    expect(view.locator(".leaflet-tooltip")).to_have_text(evil)
    marker.click()
    expect(view.locator(".map-popup-title")).to_have_text(evil)
    expect(view.locator(".map-label-text")).to_have_text(evil)
    expect(view.locator(".map-legend")).to_contain_text(evil)
    page.locator('[data-view-tab="evil_table"]').click()
    table = page.locator('[data-view="evil_table"] table.table-view')
    expect(table.locator("td").first).to_have_text(evil)
    expect(table.locator("thead th .th-title").first).to_have_text(evil)
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("img[src=x]").count() == 0
