"""GeometrySelectField and GeometryMultiSelectField pick objects by clicking them in the 3D view
(issue 17, item 7): three.js raycasting on the named objects, highlight, multi-select within
min_select..max_select. The canvas's state is in the DOM: data-picked, and data-pick-points (where
a click hits each object), so the test clicks where a user would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

APP = Path(__file__).resolve().parents[1] / "apps" / "editor_views"


@pytest.fixture
def editor(module_entity) -> tuple[str, int]:
    return module_entity(APP, "Views", "Picked")


def open_model(page: Page, editor) -> Locator:
    url, entity_id = editor
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    page.locator('[data-page="model"]').click()
    view = page.locator('[data-view="geometry"]')
    expect(view).to_have_attribute("data-state", "ready")
    expect(view.locator(".geometry-view")).to_have_attribute("data-rendered", "true")
    return view


def click_object(page: Page, view: Locator, name: str) -> None:
    model = view.locator(".geometry-view")
    expect(model).to_have_attribute("data-pick-points", re.compile(rf'"{re.escape(name)}":\['))
    points = json.loads(model.get_attribute("data-pick-points") or "{}")
    box = view.locator(".geometry-stage canvas").bounding_box()
    assert box is not None
    x, y = points[name]
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_single_select_picks_the_clicked_object(page: Page, editor):
    view = open_model(page, editor)
    page.locator('[data-geometry-pick="model.one"]').click()
    model = view.locator(".geometry-view")
    expect(model).to_have_attribute("data-picking", "single")
    click_object(page, view, "south")
    expect(page.locator('[data-field="model.one"] input')).to_have_value("south")
    expect(model).not_to_have_attribute("data-picking", "single")
    # the params changed: the app colours the picked box, and its data view names it
    page.locator('[data-view-tab="data"]').click()
    expect(page.locator('[data-view="data"] [data-item-label="One"] .data-value')).to_have_text("south")


def test_a_multi_select_keeps_to_min_and_max(page: Page, editor):
    view = open_model(page, editor)
    page.locator('[data-geometry-pick="model.some"]').click()
    model = view.locator(".geometry-view")
    expect(model).to_have_attribute("data-picking", "multi")
    confirm = view.locator("[data-pick-confirm]")
    click_object(page, view, "north")
    expect(model).to_have_attribute("data-picked", '["north"]')
    expect(confirm).to_be_disabled()  # min_select=2
    click_object(page, view, "east")
    click_object(page, view, "west")
    expect(model).to_have_attribute("data-picked", '["north","east","west"]')
    click_object(page, view, "south")  # max_select=3: a fourth is not taken
    expect(model).to_have_attribute("data-picked", '["north","east","west"]')
    click_object(page, view, "east")  # a second click deselects
    expect(model).to_have_attribute("data-picked", '["north","west"]')
    expect(confirm).to_be_enabled()
    confirm.click()
    field = page.locator('[data-field="model.some"] input')
    expect(field).to_have_value("north, west")
    expect(view.locator(".geometry-pick-banner")).to_have_count(0)

    page.locator('[data-geometry-pick="model.some"]').click()  # again: the current picks start selected
    expect(view.locator(".geometry-view")).to_have_attribute("data-picked", '["north","west"]')
    view.locator("[data-pick-cancel]").click()
    expect(field).to_have_value("north, west")
