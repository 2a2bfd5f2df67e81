"""Tables and DynamicArrays whose options, visibility and limits come from callbacks (issue 17, item 1).

Drives tests/apps/editor_flow (like the public beam apps: a Table whose OptionField column takes its
options from a callback, a DynamicArray whose option lists differ per row) in a real Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import start_web


@pytest.fixture
def beam(start_app, page: Page) -> Iterator[tuple[Page, str, int, list[str]]]:
    running = start_app("editor_flow")
    web, url = start_web(running.directory, running.redis_url)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        created = httpx2.post(url + "/api/entities", json={"entity_type": "Beam", "name": "Beam 1"})
        assert created.status_code == 201, created.text
        entity_id = created.json()["id"]
        page.goto(f"{url}/entities/{entity_id}")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
        yield page, url, entity_id, errors
    finally:
        web.stop()


def option_texts(select) -> list[str]:
    return [text for text in select.locator("option").all_text_contents() if text]


def test_a_table_column_and_array_rows_take_their_options_from_callbacks(beam):
    page, _, _, errors = beam
    table = page.locator('[data-field="members"]')
    expect(table.locator("table.param-table")).to_be_visible()
    expect(page.locator("[data-unsupported]")).to_have_count(0)
    profile = table.locator('td[data-column="profile"] select').first
    expect(profile).to_be_enabled()  # the callback job answered
    assert option_texts(profile) == ["HEA200", "HEA300", "IPE240"]
    expect(profile.locator("option:checked")).to_have_text("HEA200")
    expect(table.locator('th[data-column="width"]')).to_be_visible()

    # the array's option lists differ per row: the callback returned one list per row
    fixity = page.locator('[data-field^="supports."][data-field$=".fixity"] select')
    expect(fixity).to_have_count(2)
    expect(fixity.nth(0).locator("option:not([hidden])")).to_have_text(["pinned", "fixed"])
    expect(fixity.nth(1).locator("option:not([hidden])")).to_have_text(["roller"])
    expect(fixity.nth(0).locator("option:checked")).to_have_text("pinned")

    # another material: the column's options and visibility follow, the old choice is refused
    page.locator('[data-field="material"] select').select_option(label="concrete")
    expect(table.locator('th[data-column="width"]')).to_have_count(0)
    expect(profile.locator("option")).to_have_text(["", "C30/37"])
    expect(table.locator('td[data-column="profile"]').first).to_have_class("is-invalid")
    expect(page.locator('[data-view="summary"] [data-notice="blocked"]')).to_be_visible()
    table.locator('td[data-column="profile"] select').first.select_option(label="C30/37")
    summary = page.locator('[data-view="summary"] [data-item-label="Members"] .data-value')
    expect(summary).to_have_text("M1:C30/37")

    # a new row of the array gets its own list from the next callback run
    page.locator('[data-array-add="supports"]').click()
    third = page.locator('[data-field="supports.2.kind"] select')
    third.select_option(label="hinge")
    third_fixity = page.locator('[data-field="supports.2.fixity"] select option:not([hidden])')
    expect(third_fixity).to_have_text(["pinned", "fixed"])
    assert not errors, errors
