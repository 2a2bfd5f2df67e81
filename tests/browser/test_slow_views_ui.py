"""Slow views wait for their update button; their last result is kept per entity (issue 17, item 2).

The platform's call flow: input changes, entering the editor and switching tabs refresh quick views;
a slow view (``duration_guess > 3``) runs only when its update button is clicked. Its last result is
kept in Redis with the params it was computed from, shown with its age when the editor opens, and
marked outdated while the inputs differ. Drives tests/apps/slow_first (the slow view is the first tab).
Which jobs were queued is read from the app's job list (``/api/dashboard``), never guessed from time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import HANG, jobs_ended, start_web, wait_until


@pytest.fixture
def served(start_app) -> Iterator[tuple[str, int]]:
    running = start_app("slow_first")
    web, url = start_web(running.directory, running.redis_url)
    try:
        created = httpx2.post(url + "/api/entities", json={"entity_type": "Beam", "name": "Beam 1"})
        assert created.status_code == 201, created.text
        yield url, created.json()["id"]
    finally:
        web.stop()


def queued(url: str, method: str) -> int:
    """How many jobs of ``method`` were ever queued for this app (newest jobs of the dashboard)."""
    return sum(job["method"] == method for job in httpx2.get(url + "/api/dashboard").json()["jobs"])


def open_editor(page: Page, url: str, entity_id: int) -> None:
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")


def show_summary(page: Page, url: str, runs: int) -> None:
    """Switch to the quick view and wait until its ``runs``-th job ended: anything the page queued
    before (on entering the editor, on a tab switch) is in the job list by then."""
    page.locator('[data-view-tab="summary"]').click()
    expect(page.locator('[data-view="summary"]')).to_have_attribute("data-state", "ready")
    wait_until(lambda: jobs_ended(url, runs, "summary"), HANG, f"{runs} summary jobs")


def test_a_slow_view_runs_only_from_its_update_button_and_keeps_its_result(page: Page, served):
    url, entity_id = served
    open_editor(page, url, entity_id)
    analysis = page.locator('[data-view="analysis"]')
    expect(page.locator('[data-view-tab="analysis"]')).to_have_attribute("aria-selected", "true")
    expect(analysis).to_have_attribute("data-state", "idle")
    expect(analysis.locator(".view-empty")).to_contain_text("Run analysis")

    # entering the editor and switching tabs queue no job of the slow view
    show_summary(page, url, 1)
    page.locator('[data-view-tab="analysis"]').click()
    expect(analysis).to_have_attribute("data-state", "idle")
    show_summary(page, url, 2)
    assert queued(url, "analysis") == 0

    page.locator('[data-view-tab="analysis"]').click()
    analysis.locator("[data-update-view]").click()
    load = analysis.locator('[data-item-label="Load"] .data-value')
    expect(load).to_have_text("5")
    expect(analysis.locator("[data-view-age]")).to_have_text("Computed just now")
    assert queued(url, "analysis") == 1

    # an input change marks it outdated; the same values as its params again do not
    field = page.locator('[data-field="load"] input')
    field.fill("7")
    expect(analysis).to_have_attribute("data-outdated", "true")
    field.fill("5")
    expect(analysis).not_to_have_attribute("data-outdated", "true")
    field.fill("7")
    expect(analysis).to_have_attribute("data-outdated", "true")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"Saved"))

    # the kept result comes back on reopening, with its age, outdated against the saved inputs
    kept = httpx2.get(f"{url}/api/entities/{entity_id}/slow-views").json()["views"]["analysis"]
    assert kept["params"]["load"] == 5
    open_editor(page, url, entity_id)
    expect(analysis).to_have_attribute("data-state", "ready")
    expect(analysis).to_have_attribute("data-kept", "true")
    expect(load).to_have_text("5")
    expect(analysis.locator("[data-view-age]")).to_have_attribute("data-computed-at", kept["computed_at"])
    expect(analysis.locator("[data-view-age]")).to_contain_text("Computed")
    expect(analysis).to_have_attribute("data-outdated", "true")
    expect(analysis.locator('[data-notice="outdated"]')).to_be_visible()
    show_summary(page, url, 3)
    assert queued(url, "analysis") == 1  # reopening ran nothing slow

    page.locator('[data-view-tab="analysis"]').click()
    analysis.locator("[data-update-view]").click()
    expect(load).to_have_text("7")
    expect(analysis).not_to_have_attribute("data-outdated", "true")
    assert httpx2.get(f"{url}/api/entities/{entity_id}/slow-views").json()["views"]["analysis"]["params"]["load"] == 7
