"""What every user sees first: the load-error panel says its heading once, the dashboard names entities."""

from __future__ import annotations

import httpx2
from playwright.sync_api import Page, expect

from support import APPS, jobs_ended, start_web, wait_until


def test_the_load_error_panel_says_the_app_failed_to_load_once(page: Page, start_app):
    running = start_app(APPS / "broken")
    web, url = start_web(running.directory, running.redis_url)
    try:
        page.goto(url + "/")
        panel = page.locator("[data-app-error]")
        expect(panel).to_be_visible()
        assert panel.inner_text().count("failed to load") == 1, panel.inner_text()
    finally:
        web.stop()


def test_the_dashboard_names_the_entity_of_a_job(page: Page, start_app):
    running = start_app(APPS / "calculator")
    web, url = start_web(running.directory, running.redis_url)
    try:
        entity = httpx2.post(url + "/api/entities", json={"entity_type": "Calculator", "name": "Bridge deck"}).json()
        httpx2.post(f"{url}/api/entities/{entity['id']}/jobs", json={"method": "result"})
        wait_until(lambda: jobs_ended(url, 1, "result"), 120, "the job")
        page.goto(url + "/dashboard")
        expect(page.locator("#job-rows tr").first).to_contain_text(f"Bridge deck (#{entity['id']})")
    finally:
        web.stop()
