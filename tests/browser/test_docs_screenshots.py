"""The screenshots in README.md and docs/ come from here, so they show the editor as it is today.

Serves sample_apps/beam (as ``beam``, so the pages read as they do for a user) with two workers,
checks each page shows what the docs say it shows, then saves the pages at a fixed 1280x800 viewport
in ``build/screenshots/``. A test run never touches ``docs/images/``: ``make docs-images`` copies the
screenshots there, to be committed.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import redis
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS, start_web, wait_for_manifest
from viktorlite.workers.pool import WorkerPool

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
MAX_BYTES = 200_000


@pytest.fixture
def beam(tmp_path: Path, redis_url: str) -> Iterator[tuple[str, dict[str, int]]]:
    directory = tmp_path / "beam"  # no test else serves an app named exactly "beam"
    shutil.copytree(SAMPLE_APPS / "beam", directory, ignore=shutil.ignore_patterns(".viktorlite", "__pycache__"))
    pool = WorkerPool(directory, redis_url, tmp_path / "data", 2)
    pool.start()
    try:
        wait_for_manifest(redis.Redis.from_url(redis_url), "beam")
        # The app folder given relative to where the web process runs: the replay commands in the
        # dashboard read `viktorlite replay JOB beam ...`, not a temporary path.
        web, url = start_web(Path(directory.name), redis_url, cwd=tmp_path)
        try:
            ids = {}
            for name in ("Footbridge", "Mezzanine", "Warehouse roof"):
                created = httpx2.post(url + "/api/entities", json={"entity_type": "Controller", "name": name})
                assert created.status_code == 201, created.text
                ids[name] = created.json()["id"]
            yield url, ids
        finally:
            web.stop()
    finally:
        pool.stop()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))
    assert path.stat().st_size < MAX_BYTES, f"{name} is {path.stat().st_size} bytes; keep docs images small"


def test_screenshots_of_the_entity_list_the_editor_and_the_dashboard(page: Page, beam):
    url, ids = beam
    page.goto(url + "/")
    rows = page.locator("#entity-panel [data-entity-id]")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Footbridge")
    shoot(page, "entity-list.png")

    page.goto(f"{url}/entities/{ids['Footbridge']}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("[data-field]").first).to_be_visible()
    assert page.locator("[data-field]").count() >= 4
    results = page.locator('[data-view="results"]')
    expect(results).to_have_attribute("data-state", "ready")
    expect(results.locator('[data-item-label="Maximum moment"] .data-value')).to_be_visible()
    shoot(page, "editor-data-view.png")

    page.locator('[data-view-tab="moment_diagram"]').click()
    plot = page.locator('[data-view="moment_diagram"]')
    expect(plot).to_have_attribute("data-state", "ready")
    expect(plot.locator(".scatterlayer .trace")).to_have_count(1)
    expect(plot.locator(".gtitle")).to_contain_text("Bending moment")
    shoot(page, "editor-plot-view.png")

    page.goto(url + "/dashboard")
    expect(page.locator("#live")).to_have_attribute("data-live", "true")
    expect(page.locator("[data-worker]")).to_have_count(2)
    expect(page.locator('[data-job-id][data-status="finished"]').first).to_be_visible()
    expect(page.locator("[data-replay-command]").first).to_have_text(re.compile(r"^viktorlite replay \S+ beam --"))
    shoot(page, "dashboard.png")


EDITOR_VIEWS = Path(__file__).resolve().parents[1] / "apps" / "editor_views"


def test_screenshots_of_maps_drawing_and_the_3d_view(page: Page, start_module_app, start_module_web):
    """docs/maps-and-3d.md: a polygon being drawn, the world base map, picking in 3D, shadows."""
    url = start_module_web(start_module_app(EDITOR_VIEWS))
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Views", "name": "Harbour site"}).json()
    page.goto(f"{url}/entities/{entity['id']}")
    view = page.locator('[data-view="map"]')
    expect(view).to_have_attribute("data-state", "ready")
    expect(view.locator(".map-view")).to_have_attribute("data-base-map", "world")
    shoot(page, "map-base.png")

    page.locator('[data-geo-draw="geo.plot"]').click()
    expect(view.locator(".map-view")).to_have_attribute("data-drawing", "polygon")
    box = view.locator(".map-stage").bounding_box()
    assert box is not None
    for fx, fy in [(0.35, 0.3), (0.62, 0.36), (0.58, 0.7), (0.4, 0.66)]:
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    page.mouse.move(box["x"] + box["width"] * 0.37, box["y"] + box["height"] * 0.4)
    expect(view.locator(".leaflet-overlay-pane path")).not_to_have_count(0)
    shoot(page, "map-drawing.png")
    view.locator("[data-draw-done]").click()
    expect(view.locator('path[data-feature-title="Plot"]')).to_have_count(1)

    page.locator('[data-page="model"]').click()
    geometry = page.locator('[data-view="geometry"]')
    model = geometry.locator(".geometry-view")
    expect(model).to_have_attribute("data-rendered", "true")
    page.locator('[data-geometry-pick="model.some"]').click()
    canvas = geometry.locator(".geometry-stage canvas").bounding_box()
    assert canvas is not None
    for name in ("east", "west"):
        expect(model).to_have_attribute("data-pick-points", re.compile(f'"{name}":'))
        x, y = json.loads(model.get_attribute("data-pick-points") or "{}")[name]
        page.mouse.click(canvas["x"] + x, canvas["y"] + y)
    expect(model).to_have_attribute("data-picked", '["east","west"]')
    shoot(page, "geometry-picking.png")
    old = model.element_handle()  # before the confirm: the view may run again before the next line
    geometry.locator("[data-pick-confirm]").click()
    expect(page.locator('[data-field="model.some"] input')).to_have_value("east, west")

    page.wait_for_function("el => !el.isConnected", arg=old)  # the view ran again with the picks coloured
    expect(model).to_have_attribute("data-rendered", "true")
    geometry.get_by_role("button", name="Shadows").click()
    expect(model).to_have_attribute("data-shadows", "true")
    shoot(page, "geometry-shadows.png")
