"""The 3D view (issue 17, item 8): the camera stays where the user put it when the view runs again
after an input change; a perspective/orthographic switch; a ground plane that shows the shadows."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

APP = Path(__file__).resolve().parents[1] / "apps" / "editor_views"

#: In the page: how many pixels of the 3D canvas are clearly darker than the background.
DARK_PIXELS = """canvas => {
  const c = document.createElement('canvas'); c.width = canvas.width; c.height = canvas.height;
  const g = c.getContext('2d'); g.drawImage(canvas, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] + d[i+1] + d[i+2] < 3 * 200) n++;
  return n;
}"""


@pytest.fixture
def editor(module_entity) -> tuple[str, int]:
    return module_entity(APP, "Views", "Camera")


def open_model(page: Page, editor) -> Locator:
    url, entity_id = editor
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    page.locator('[data-page="model"]').click()
    view = page.locator('[data-view="geometry"]')
    expect(view.locator(".geometry-view")).to_have_attribute("data-rendered", "true")
    return view


def orbit(page: Page, view: Locator) -> str:
    """Drag the model around as a user would; the camera's new place."""
    model = view.locator(".geometry-view")
    before = model.get_attribute("data-camera")
    box = view.locator(".geometry-stage canvas").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(cx + step * 15, cy + step * 4)
    page.mouse.up()
    expect(model).not_to_have_attribute("data-camera", before or "")
    return model.get_attribute("data-camera") or ""


def rerun_with_height(page: Page, view: Locator, height: str) -> Locator:
    old = view.locator(".geometry-view").element_handle()
    field = page.locator('[data-field="model.height"] input').first
    field.fill(height)
    field.dispatch_event("change")
    page.wait_for_function("el => !el.isConnected", arg=old)  # the view ran again: a new model
    model = view.locator(".geometry-view")
    expect(model).to_have_attribute("data-rendered", "true")
    return model


def test_the_camera_stays_when_the_view_runs_again(page: Page, editor):
    view = open_model(page, editor)
    camera = orbit(page, view)
    model = rerun_with_height(page, view, "4")
    expect(model).to_have_attribute("data-camera-kept", "true")
    expect(model).to_have_attribute("data-camera", camera)


def test_the_projection_switches_and_is_kept(page: Page, editor):
    view = open_model(page, editor)
    model = view.locator(".geometry-view")
    expect(model).to_have_attribute("data-projection", "perspective")
    canvas = view.locator(".geometry-stage canvas")
    perspective = canvas.screenshot()
    view.locator("[data-projection-toggle]").click()
    expect(model).to_have_attribute("data-projection", "orthographic")
    expect(view.locator("[data-projection-toggle]")).to_have_text("Perspective")
    assert canvas.screenshot() != perspective  # drawn another way
    model = rerun_with_height(page, view, "3")
    expect(model).to_have_attribute("data-projection", "orthographic")
    view.locator("[data-projection-toggle]").click()
    expect(model).to_have_attribute("data-projection", "perspective")


def test_shadows_fall_on_a_ground_plane(page: Page, editor):
    view = open_model(page, editor)
    model = view.locator(".geometry-view")
    expect(model).to_have_attribute("data-ground", "true")
    canvas = view.locator(".geometry-stage canvas")
    expect(model).to_have_attribute("data-shadows", "false")
    without = canvas.evaluate(DARK_PIXELS)
    view.get_by_role("button", name="Shadows").click()
    expect(model).to_have_attribute("data-shadows", "true")
    page.wait_for_function(f"c => ({DARK_PIXELS})(c) > {without}", arg=canvas.element_handle())
    with_shadows = canvas.evaluate(DARK_PIXELS)
    area = canvas.evaluate("c => c.width * c.height")
    # the boxes stand apart (none shades another): the extra dark pixels are shadow on the ground
    assert with_shadows - without > area * 0.01, (without, with_shadows, area)
