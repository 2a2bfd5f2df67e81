"""The screenshots in README.md and docs/ come from here, so they show the editor as it is today.

Serves sample_apps/beam (as ``beam``, so the pages read as they do for a user) with two workers,
checks each page shows what the docs say it shows, then saves the pages at a fixed 1280x800 viewport
in ``build/screenshots/``. A test run never touches ``docs/images/``: ``make docs-images`` copies the
screenshots there, to be committed.
"""

from __future__ import annotations

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
