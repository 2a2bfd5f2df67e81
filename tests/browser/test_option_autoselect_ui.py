"""Callback options that shrink to one, and callback constraints that clear a violation (issue 17, item 4).

Drives tests/apps/editor_flow: ``grade`` (``autoselect_single_option=True``) takes its options from a
callback on the material; ``load`` has a callback ``max`` (100 for steel, 10 otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import start_web


@pytest.fixture
def beam(start_app, page: Page) -> Iterator[Page]:
    running = start_app("editor_flow")
    web, url = start_web(running.directory, running.redis_url)
    try:
        created = httpx2.post(url + "/api/entities", json={"entity_type": "Beam", "name": "Beam 1"})
        assert created.status_code == 201, created.text
        page.goto(f"{url}/entities/{created.json()['id']}")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
        # its member's profile would not be one of another material's options: no member here
        page.locator('[data-field="members"] [data-row-remove="0"]').click()
        expect(page.locator('[data-field="members"] tbody tr')).to_have_count(0)
        yield page
    finally:
        web.stop()


def shown(page: Page, label: str):
    return page.locator(f'[data-view="summary"] [data-item-label="{label}"] .data-value')


def test_a_lone_callback_option_is_selected_and_shown(beam: Page):
    page = beam
    grade = page.locator('[data-field="grade"] select')
    expect(grade.locator("option:not([hidden])")).to_have_text(["HEA200", "HEA300", "IPE240"])
    expect(grade.locator("option:checked")).to_have_text("Select an option")
    page.locator('[data-field="material"] select').select_option(label="concrete")
    expect(grade.locator("option:not([hidden])")).to_have_text(["C30/37"])
    expect(grade.locator("option:checked")).to_have_text("C30/37")  # not "Select an option"
    expect(shown(page, "Grade")).to_have_text("C30/37")
    expect(page.locator('[data-field="grade"]')).not_to_have_attribute("data-invalid", "constraint")
    # with autoselect_single_option the lone option replaces another selected value (SDK docstring)
    page.locator('[data-field="material"] select').select_option(label="timber")
    grade.select_option(label="GL28h")
    page.locator('[data-field="material"] select').select_option(label="concrete")
    expect(grade.locator("option:checked")).to_have_text("C30/37")
    expect(shown(page, "Grade")).to_have_text("C30/37")


def test_a_callback_constraint_that_clears_a_violation_runs_the_quick_view(beam: Page):
    page = beam
    load = page.locator('[data-field="load"]')
    material = page.locator('[data-field="material"] select')
    material.select_option(label="timber")
    expect(shown(page, "Material")).to_have_text("timber")
    load.locator("input").fill("50")
    expect(load).to_have_attribute("data-invalid", "constraint")  # the callback's max is 10 for timber
    expect(page.locator('[data-view="summary"] [data-notice="blocked"]')).to_be_visible()
    expect(shown(page, "Load")).to_have_text("5")
    # steel: the callback's max becomes 100 only after its job, when the input change was blocked already
    material.select_option(label="steel")
    expect(load).not_to_have_attribute("data-invalid", "constraint")
    expect(shown(page, "Load")).to_have_text("50")
    expect(shown(page, "Material")).to_have_text("steel")
    expect(page.locator('[data-view="summary"] [data-notice="blocked"]')).to_have_count(0)
