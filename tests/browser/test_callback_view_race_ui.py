"""A quick view is never shown for params that the callback constraints of the newest params reject.

Drives tests/apps/editor_flow (``load`` has a callback ``max``: 100 for steel, 10 otherwise). The page's
callback requests are held in the browser (Playwright routes) and let go by the test, which fixes the
order in which a view job and the callback jobs end; the waits are on what the page shows or sends,
never on the clock, so the orders below hold however loaded the machine is.
"""

from __future__ import annotations

import time

import httpx2
import pytest
from playwright.sync_api import Page, Route, expect

from support import HANG


class HeldCallbacks:
    """The page's callback requests, held until the test lets them go (``hold`` off: they pass)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.hold = False
        self.routes: list[Route] = []
        page.route("**/api/entities/*/callbacks", self.on_request)

    def on_request(self, route: Route) -> None:
        if self.hold:
            self.routes.append(route)
        else:
            route.continue_()

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + HANG
        while len(self.routes) < count:
            assert time.monotonic() < deadline, f"{count} callback requests were not sent"
            self.page.wait_for_timeout(20)  # lets Playwright dispatch the route handler

    def release(self, index: int) -> None:
        self.routes[index].continue_()


@pytest.fixture
def beam(start_module_app, start_module_web, page: Page) -> tuple[Page, HeldCallbacks]:
    """An entity of its own in the one editor_flow app (workers and web process) the module's tests share."""
    url = start_module_web(start_module_app("editor_flow"))
    created = httpx2.post(url + "/api/entities", json={"entity_type": "Beam", "name": "Beam 1"})
    assert created.status_code == 201, created.text
    held = HeldCallbacks(page)
    page.goto(f"{url}/entities/{created.json()['id']}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    page.locator('[data-field="members"] [data-row-remove="0"]').click()
    expect(page.locator('[data-field="members"] tbody tr')).to_have_count(0)
    settled(page)
    return page, held


def shown(page: Page, label: str):
    return page.locator(f'[data-view="summary"] [data-item-label="{label}"] .data-value')


def view_job_with(text: str):
    """A request predicate: the POST of a view job whose body holds ``text``."""
    return lambda r: r.method == "POST" and r.url.endswith("/jobs") and text in (r.post_data or "")


def settled(page: Page) -> None:
    """No callback job runs and the summary view neither runs nor waits for one."""
    expect(page.locator("html")).not_to_have_attribute("data-callbacks", "running")
    expect(page.locator('[data-view="summary"]')).not_to_have_attribute("data-state", "loading")


def test_a_typed_value_is_not_shown_before_the_callback_max_of_the_new_material_arrives(beam):
    page, held = beam
    held.hold = True
    page.locator('[data-field="material"] select').select_option(label="timber")
    held.wait_for(1)  # timber's max (10) is on its way; the last one known is steel's (100)
    with page.expect_request(view_job_with('"load":50')):
        page.locator('[data-field="load"] input').fill("50")  # valid against steel's max: the view runs
    view = page.locator('[data-view="summary"]')
    # the view job for load 50 ended: shown (the race) or waiting for the constraints of its params
    expect(shown(page, "Load").filter(has_text="50").or_(view.get_by_text("Checking the inputs…"))).to_be_visible()
    held.release(0)
    held.hold = False
    expect(page.locator('[data-field="load"]')).to_have_attribute("data-invalid", "constraint")
    settled(page)
    assert shown(page, "Load").text_content() == "5"  # 50 was never shown: timber's max rejects it
    expect(view.locator('[data-notice="blocked"]')).to_be_visible()
    page.locator('[data-field="material"] select').select_option(label="steel")
    expect(shown(page, "Load")).to_have_text("50")
    expect(shown(page, "Material")).to_have_text("steel")


def test_a_stale_callback_result_does_not_run_a_blocked_view(beam):
    page, held = beam
    load = page.locator('[data-field="load"]')
    material = page.locator('[data-field="material"] select')
    material.select_option(label="timber")
    expect(shown(page, "Material")).to_have_text("timber")
    load.locator("input").fill("50")
    expect(load).to_have_attribute("data-invalid", "constraint")
    settled(page)
    held.hold = True
    material.select_option(label="steel")  # blocked (timber's max still holds); its callback job is held
    held.wait_for(1)
    material.select_option(label="timber")  # its callback job waits for steel's to end
    held.release(0)  # steel's max (100) arrives for params that are timber's again: stale
    held.wait_for(2)
    held.release(1)
    held.hold = False
    settled(page)  # the second job was sent, so it ran; it has ended
    expect(load).to_have_attribute("data-invalid", "constraint")
    assert shown(page, "Load").text_content() == "5"  # the blocked view did not run with timber and 50
    expect(page.locator('[data-view="summary"] [data-notice="blocked"]')).to_be_visible()
