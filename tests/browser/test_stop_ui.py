"""Stopping a running job from the editor frees its worker at once."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import APPS, start_web


@pytest.fixture
def faults(start_app) -> Iterator[tuple[str, int]]:
    running = start_app(APPS / "faults")
    web, url = start_web(running.directory, running.redis_url)
    try:
        entity = httpx2.post(url + "/api/entities", json={"entity_type": "Faults", "name": "F"})
        assert entity.status_code == 201, entity.text
        yield url, entity.json()["id"]
    finally:
        web.stop()


def test_the_user_stops_a_slow_view_and_the_next_view_runs(page: Page, faults):
    url, entity_id = faults
    page.goto(f"{url}/entities/{entity_id}")
    sleepy = page.locator('[data-view="sleepy"]')
    page.locator('[data-view-tab="sleepy"]').click()
    sleepy.locator("[data-update-view]").click()  # a slow view runs from its button: it sleeps 60 s
    expect(sleepy).to_have_attribute("data-state", "loading")
    # The single worker may still be busy with the view the page opened on (the default wait is generous).
    expect(sleepy).to_contain_text("Running on worker-1")
    sleepy.locator("[data-stop-view]").click()
    expect(sleepy).to_have_attribute("data-state", "error")
    expect(sleepy).to_contain_text("The job was stopped before it finished.")
    page.locator('[data-view-tab="quick"]').click()  # the single worker is free again
    expect(page.locator('[data-view="quick"]')).to_have_attribute("data-state", "ready")
