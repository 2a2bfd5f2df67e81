"""Large uploads show a progress bar in the real editor: a MultiFileField's files, a file entity's file.

The bar is a ``<progress>`` element whose max is the bytes to send; every value it takes is
recorded in the page while the files really go to the web process.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS, jobs_ended, start_web, wait_until

RECORD_PROGRESS = """() => {
  window.progressSeen = [];
  new MutationObserver((changes) => {
    for (const change of changes) {
      const bar = change.target;
      if (bar.matches && bar.matches("progress[data-upload-progress]")) {
        window.progressSeen.push({ value: bar.value, max: bar.max, hidden: bar.hidden });
      }
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["value", "max", "hidden"] });
}"""


def served(start_app, app: str) -> Iterator[str]:
    running = start_app(SAMPLE_APPS / app)
    web, url = start_web(running.directory, running.redis_url)
    try:
        yield url
    finally:
        web.stop()


@pytest.fixture
def inputs(start_app) -> Iterator[str]:
    yield from served(start_app, "inputs")


@pytest.fixture
def projects(start_app) -> Iterator[str]:
    yield from served(start_app, "projects")


def test_a_multi_file_upload_fills_one_bar_over_both_files_then_hides_it(page: Page, inputs: str, tmp_path: Path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_bytes(b"a" * 6_000_000)
    second.write_bytes(b"b" * 3_000_000)
    body = {"entity_type": "Project", "name": "Bridge"}
    project = httpx2.post(inputs + "/api/entities", json=body).json()
    design = httpx2.post(
        inputs + "/api/entities", json={"entity_type": "Design", "name": "Deck", "parent_id": project["id"]}
    )
    page.goto(f"{inputs}/entities/{design.json()['id']}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    page.locator('[data-page="places"]').click()
    photos = page.locator('[data-field="places.photos"]')
    expect(photos.locator("progress[data-upload-progress]")).to_be_hidden()
    page.evaluate(RECORD_PROGRESS)

    photos.locator("input[type=file]").set_input_files([first, second])
    expect(photos.locator(".file-chip .file-name")).to_have_text(["first.txt", "second.txt"])
    expect(photos.locator("progress[data-upload-progress]")).to_be_hidden()
    seen = page.evaluate("window.progressSeen")
    shown = [entry for entry in seen if not entry["hidden"]]
    assert shown and all(entry["max"] == 9_000_000 for entry in shown)
    values = [entry["value"] for entry in shown]
    assert 6_000_000 in values and values[-1] == 9_000_000  # after the first file, and at the end
    assert values == sorted(values)
    assert seen[-1]["hidden"]


def test_a_file_entity_upload_shows_its_progress(page: Page, projects: str, tmp_path: Path):
    wait_until(lambda: len(httpx2.get(projects + "/api/entities").json()) == 4, 120, "the initial entities")
    wait_until(lambda: jobs_ended(projects, 4, "summary"), 120, "the initial entities' summaries")  # no re-draws
    tower = next(e for e in httpx2.get(projects + "/api/entities").json() if e["name"] == "Tower A")
    plan = tmp_path / "plan.csv"
    plan.write_text("room,area\n" + "".join(f"r{i},{i % 50}\n" for i in range(20_000)))
    page.goto(f"{projects}/entities/{tower['id']}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    form = page.locator("[data-children-panel] [data-create-form]")
    page.evaluate(RECORD_PROGRESS)
    form.locator("select[name=entity_type]").select_option("FloorPlan")
    form.locator("input[type=file]").set_input_files(str(plan))
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-children-panel] [data-entity-id]").filter(has_text="plan")).to_have_count(1)
    seen = page.evaluate("window.progressSeen")
    shown = [entry for entry in seen if not entry["hidden"]]
    assert shown and shown[-1]["value"] == shown[-1]["max"] >= plan.stat().st_size
    assert seen[-1]["hidden"]
