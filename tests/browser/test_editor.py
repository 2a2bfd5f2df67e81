"""The browser editor, as a user drives it: open an entity, change a number, see the views follow."""

from __future__ import annotations

import re

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS


@pytest.fixture
def beam(start_module_app, start_module_web) -> tuple[str, int]:
    """An entity of its own, in the one beam app (workers and web process) the module's tests share."""
    url = start_module_web(start_module_app(SAMPLE_APPS / "beam"))
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Controller", "name": "Beam 1"})
    assert entity.status_code == 201, entity.text
    return url, entity.json()["id"]


def moment(page: Page):
    return page.locator('[data-view="results"] [data-item-label="Maximum moment"] .data-value').first


def test_changing_a_number_reruns_the_data_view(page: Page, beam):
    url, entity_id = beam
    page.goto(f"{url}/entities/{entity_id}")
    expect(moment(page)).to_have_text(re.compile(r"45\.0"))  # q L^2 / 8 = 10 * 6^2 / 8
    span = page.locator('[data-field="geometry.beam.span"] input').first
    span.fill("8")
    span.dispatch_event("change")
    expect(moment(page)).to_have_text(re.compile(r"80\.0"))  # 10 * 8^2 / 8
    expect(page.locator('[data-view="results"]')).to_have_attribute("data-state", "ready")


def test_plotly_view_renders_when_its_tab_is_opened(page: Page, beam):
    url, entity_id = beam
    page.goto(f"{url}/entities/{entity_id}")
    page.locator('[data-view-tab="moment_diagram"]').click()
    expect(page.locator('[data-view="moment_diagram"] .main-svg').first).to_be_visible()
    expect(page.locator('[data-view="moment_diagram"]')).to_have_attribute("data-state", "ready")


def test_saved_params_come_back_after_a_reload(page: Page, beam):
    url, entity_id = beam
    page.goto(f"{url}/entities/{entity_id}")
    load = page.locator('[data-field="loads.uniform.q"] input').first
    page.locator('[data-view-tab="results"]').click()
    page.get_by_text("Loads", exact=True).first.click()
    load.fill("20")
    load.dispatch_event("change")
    expect(moment(page)).to_have_text(re.compile(r"90\.0"))
    page.locator("#save").click()
    expect(page.locator("#save-status")).to_contain_text("2")
    page.reload()
    expect(moment(page)).to_have_text(re.compile(r"90\.0"))
    assert httpx2.get(f"{url}/api/entities/{entity_id}").json()["params"]["loads"]["uniform"]["q"] == 20
