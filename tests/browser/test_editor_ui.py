"""The editor's UI contract: layout, fields, validation, quick/slow views, errors and saving.

Drives tests/browser/apps/kitchen (pages, sections, every supported field type) and the beam sample.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS, start_web
from viktorlite.web import editor_watch
from viktorlite.web.middleware.security_headers import editor_policy

TEMPLATES = Path(__file__).parents[2] / "web" / "templates"


def served(start_app, source: Path, entity_type: str) -> Iterator[tuple[str, int]]:
    running = start_app(source)
    web, url = start_web(running.directory, running.redis_url)
    try:
        entity = httpx2.post(url + "/api/entities", json={"entity_type": entity_type, "name": "E 1"})
        assert entity.status_code == 201, entity.text
        yield url, entity.json()["id"]
    finally:
        web.stop()


@pytest.fixture
def beam(start_app) -> Iterator[tuple[str, int]]:
    yield from served(start_app, SAMPLE_APPS / "beam", "Controller")


def value(page: Page, view: str, label: str):
    return page.locator(f'[data-view="{view}"] [data-item-label="{label}"] .data-value')


def past_the_debounce(page: Page) -> None:
    """Wait on the page's own clock for twice the editor's 400 ms input debounce: a run that the last
    input might have scheduled has started by then, however loaded the machine (timers fire in order)."""
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 800))")


def open_editor(page: Page, url: str, entity_id: int) -> None:
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")


def test_templates_have_no_inline_script_or_handlers():
    """No inline script runs under the CSP but the editor page's own watch, which the CSP names by hash."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        if template.name == "editor.html":
            text = text.replace("<script>{{ editor_watch }}</script>", "", 1)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "cdn" not in text.lower(), template.name
    watch = editor_watch.SCRIPT.encode()
    assert f"'sha256-{base64.b64encode(hashlib.sha256(watch).digest()).decode()}'" in editor_policy()


def test_entity_list_creates_and_opens_an_entity(page: Page, beam):
    url, _ = beam
    page.goto(url + "/")
    expect(page.locator("[data-entity-id]")).to_have_count(1)
    page.locator("#create-entity input[name=name]").fill("Second beam")
    page.locator("#create-entity button[type=submit]").click()
    row = page.locator("[data-entity-id]").filter(has_text="Second beam")
    expect(row).to_have_count(1)
    row.click()
    expect(page).to_have_url(re.compile(r"/entities/\d+$"))
    expect(page.locator("#entity-name")).to_have_text("Second beam")
    expect(page.locator("#save-status")).to_have_text("Saved (revision 1)")


def test_layout_pages_fields_and_markdown(page: Page, kitchen):
    url, entity_id = kitchen
    open_editor(page, url, entity_id)
    # page bar; the first page shows its own views, in declaration order
    expect(page.locator("[data-page]")).to_have_text(["Inputs", "Plot", "No views"])
    expect(page.locator("[data-view-tab]:visible")).to_have_text(["Data", "Slow", "Fails", "Crash"])
    expect(value(page, "data", "Slider")).to_have_text("3.0")
    expect(value(page, "data", "Price")).to_have_text("EUR 12.50")
    expect(value(page, "data", "Named")).to_have_text("stored elsewhere")  # read via its name= storage
    expect(page.locator('[data-view="data"] [data-item-label="Inner"] .data-value')).to_have_text("1.235")
    expect(page.locator('[data-view="data"]')).to_contain_text("= x")
    # a section that starts collapsed
    radio = page.locator('[data-field="inputs.opts.radio"]')
    expect(radio).to_be_hidden()
    page.locator('[data-section="inputs.opts"] .section-header').click()
    expect(radio.locator("input[type=radio]")).to_have_count(3)
    expect(radio.locator("input:checked")).to_have_value("1")  # option "b"
    expect(page.locator('[data-field="inputs.opts.flag"] input[role=switch]')).to_be_checked()
    expect(page.locator('[data-field="inputs.nums.price"] .adorn-suffix')).to_have_text("EUR")
    # markdown: formatting yes, raw HTML and javascript: links no
    text = page.locator(".markdown").filter(has_text="Notes")
    expect(text.locator("h2")).to_have_text("Notes")
    expect(text.locator("strong")).to_have_text("bold")
    expect(text).to_contain_text("<script>")
    assert text.locator("script, b").count() == 0
    assert text.locator('a[href^="javascript"]').count() == 0
    expect(text.locator('a[href="https://docs.viktor.ai"]')).to_have_count(1)
    assert page.evaluate("window.injected") is None
    # pages switch the views
    page.locator('[data-page="plot"]').click()
    expect(page.locator("[data-view-tab]:visible")).to_have_text(["Plot"])
    expect(page.locator('[data-view="plot"]')).to_have_attribute("data-state", "ready")
    expect(page.locator('[data-view="plot"] .main-svg').first).to_be_visible()
    page.locator('[data-page="empty"]').click()
    expect(page.locator("#no-views")).to_have_text("This page has no views.")


def test_min_max_violations_block_views_until_fixed(page: Page, kitchen):
    url, entity_id = kitchen
    open_editor(page, url, entity_id)
    expect(value(page, "data", "Count")).to_have_text("2")
    count = page.locator('[data-field="inputs.nums.count"]')
    count.locator("input").fill("9")
    expect(count).to_have_attribute("data-invalid", "constraint")
    expect(count.locator(".field-error")).to_have_text("Value must be at most 5")
    expect(page.locator('[data-view="data"] [data-notice="blocked"]')).to_be_visible()
    expect(page.locator("#save-status")).to_have_text("Unsaved changes")
    past_the_debounce(page)
    expect(value(page, "data", "Count")).to_have_text("2")  # not re-run
    count.locator("input").fill("4")
    expect(count).not_to_have_attribute("data-invalid", re.compile(".*"))
    expect(value(page, "data", "Count")).to_have_text("4")
    # the slider moves the number box and the view
    page.locator('[data-field="inputs.nums.slider"] input[data-path]').fill("7.5")
    expect(value(page, "data", "Slider")).to_have_text("7.5")
    expect(page.locator('[data-field="inputs.nums.slider"] input[type=range]')).to_have_value("7.5")


def test_slow_view_waits_for_its_update_button(page: Page, kitchen):
    url, entity_id = kitchen
    open_editor(page, url, entity_id)
    page.locator('[data-view-tab="slow"]').click()
    page.locator('[data-view="slow"] [data-update-view]').click()  # a slow view runs from its button only
    expect(value(page, "slow", "Slider")).to_have_text("3")
    expect(page.locator('[data-view="slow"] .view-worker')).to_have_text(re.compile(r"worker-\d+"))
    page.locator('[data-field="inputs.nums.slider"] input[data-path]').fill("6")
    slow = page.locator('[data-view="slow"]')
    expect(slow).to_have_attribute("data-outdated", "true")
    expect(slow.locator('[data-notice="outdated"]')).to_contain_text("outdated")
    past_the_debounce(page)
    expect(value(page, "slow", "Slider")).to_have_text("3")
    slow.locator("[data-update-view]").click()
    expect(value(page, "slow", "Slider")).to_have_text("6")
    expect(slow).not_to_have_attribute("data-outdated", "true")


def test_user_and_app_errors(page: Page, kitchen):
    url, entity_id = kitchen
    open_editor(page, url, entity_id)
    page.locator('[data-view-tab="fails"]').click()
    fails = page.locator('[data-view="fails"]')
    expect(fails).to_have_attribute("data-state", "error")
    expect(fails.locator('[data-error-kind="user"]')).to_contain_text("Count must be odd")
    count = page.locator('[data-field="inputs.nums.count"]')
    expect(count).to_have_attribute("data-invalid", "user")
    expect(count.locator(".field-error")).to_have_text("Must be odd")
    page.locator('[data-view-tab="crash"]').click()
    crash = page.locator('[data-view="crash"]')
    expect(crash).to_have_attribute("data-state", "error")
    expect(crash.locator('[data-error-kind="app"]')).to_contain_text("The app raised an error")
    expect(crash).to_contain_text("ZeroDivisionError")
    expect(crash.locator("pre.traceback")).to_be_hidden()
    crash.locator("summary").click()
    expect(crash.locator("pre.traceback")).to_contain_text("1 / 0")


def test_ctrl_s_saves_a_new_revision(page: Page, kitchen):
    url, entity_id = kitchen
    open_editor(page, url, entity_id)
    page.locator('[data-field="inputs.nums.named"] input').fill("renamed")
    expect(page.locator("#save-status")).to_have_text("Unsaved changes")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_text("Saved (revision 2)")
    params = httpx2.get(f"{url}/api/entities/{entity_id}").json()["params"]
    assert params["custom"]["stored_name"] == "renamed"
