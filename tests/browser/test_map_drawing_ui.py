"""Geo fields are drawn on the map view, as on the platform (issue 17, item 5): click to place a point,
click the vertices of a line or polygon, drag to edit; the typed coordinates stay as the fallback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

APP = Path(__file__).resolve().parents[1] / "apps" / "editor_views"


@pytest.fixture
def editor(module_entity) -> tuple[str, int]:
    return module_entity(APP, "Views", "Drawn")


def open_map(page: Page, editor) -> Locator:
    url, entity_id = editor
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    view = page.locator('[data-view="map"]')
    expect(view).to_have_attribute("data-state", "ready")
    return view


def click_at(page: Page, stage: Locator, fx: float, fy: float) -> None:
    """Click the map at a fraction of its width and height (screen positions, as a user would)."""
    box = stage.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def test_a_point_is_placed_by_a_click_and_moved_by_another(page: Page, editor):
    view = open_map(page, editor)
    page.locator('[data-geo-draw="geo.site"]').click()
    map_view = view.locator(".map-view")
    expect(map_view).to_have_attribute("data-drawing", "point")
    expect(view.locator(".map-draw-banner")).to_contain_text("Click on the map to place the point")
    stage = view.locator(".map-stage")
    click_at(page, stage, 0.5, 0.5)
    expect(map_view).to_have_attribute("data-drawn-count", "1")
    view.locator("[data-draw-done]").click()

    lat = page.locator('[data-field="geo.site"] [data-coord="lat"]')
    lon = page.locator('[data-field="geo.site"] [data-coord="lon"]')
    expect(lat).to_have_value(re.compile(r"^-?\d+(\.\d+)?$"))
    first = (float(lat.input_value()), float(lon.input_value()))
    # the quick map view runs again with the drawn point, which the app draws as its "Site" marker
    expect(view.locator('.map-marker[data-feature-title="Site"]')).to_have_count(1)
    assert 50 < first[0] < 54 and 3 < first[1] < 8  # the map's default view: the Netherlands

    page.locator('[data-geo-draw="geo.site"]').click()  # edit: the point is there, a click moves it
    expect(view.locator(".map-view")).to_have_attribute("data-drawn-count", "1")
    click_at(page, view.locator(".map-stage"), 0.25, 0.7)
    view.locator("[data-draw-done]").click()
    expect(lat).not_to_have_value(str(first[0]))
    moved = (float(lat.input_value()), float(lon.input_value()))
    assert moved[0] < first[0] and moved[1] < first[1]  # down and to the left: south-west


def test_a_polygon_and_a_line_are_drawn_vertex_by_vertex(page: Page, editor):
    view = open_map(page, editor)
    page.locator('[data-geo-draw="geo.plot"]').click()
    expect(view.locator(".map-view")).to_have_attribute("data-drawing", "polygon")
    stage = view.locator(".map-stage")
    for fx, fy in [(0.3, 0.3), (0.7, 0.35), (0.5, 0.75)]:
        click_at(page, stage, fx, fy)
    click_at(page, stage, 0.3, 0.3)  # the first corner again closes the polygon
    expect(view.locator(".map-view")).to_have_attribute("data-drawn-count", "1")
    view.locator("[data-draw-done]").click()
    plot = page.locator('[data-field="geo.plot"] textarea')
    expect(plot).to_have_value(re.compile(r"^(-?\d+(\.\d+)?, -?\d+(\.\d+)?\n){2}-?\d+(\.\d+)?, -?\d+(\.\d+)?$"))
    expect(view.locator('path[data-feature-title="Plot"]')).to_have_count(1)

    page.locator('[data-geo-draw="geo.route"]').click()
    stage = view.locator(".map-stage")
    for fx, fy in [(0.2, 0.6), (0.4, 0.4), (0.8, 0.5)]:
        click_at(page, stage, fx, fy)
    view.locator("[data-draw-done]").click()  # Done finishes the line being drawn
    route = page.locator('[data-field="geo.route"] textarea')
    expect(route).to_have_value(re.compile(r"^([^\n]+\n){2}[^\n]+$"))
    expect(view.locator('path[data-feature-title="Route"]')).to_have_count(1)


def test_cancel_keeps_the_value_and_typing_still_works(page: Page, editor):
    view = open_map(page, editor)
    lat = page.locator('[data-field="geo.site"] [data-coord="lat"]')
    lat.fill("52.0")
    page.locator('[data-field="geo.site"] [data-coord="lon"]').fill("4.5")
    expect(view.locator('.map-marker[data-feature-title="Site"]')).to_have_count(1)
    page.locator('[data-geo-draw="geo.site"]').click()
    click_at(page, view.locator(".map-stage"), 0.1, 0.1)
    view.locator("[data-draw-cancel]").click()
    expect(view.locator(".map-draw-banner")).to_have_count(0)
    expect(lat).to_have_value("52.0")
