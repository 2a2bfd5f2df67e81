"""Entities as a person handles them in the browser: a tree, children, file uploads, history, live changes.

Drives sample_apps/projects (Project -> Building -> Floor, FloorPlan made from a CSV upload) and
two small test apps: an editor app (private sessions) and a tree app with a wrong structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS, jobs_ended, start_web, wait_until
from viktorlite.store.entities import EntityStore


@pytest.fixture
def projects(start_app) -> Iterator[tuple[str, dict[str, int]]]:
    running = start_app(SAMPLE_APPS / "projects")
    web, url = start_web(running.directory, running.redis_url)
    try:
        wait_until(lambda: len(httpx2.get(url + "/api/entities").json()) == 4, 120, "the initial entities")
        # Their summary jobs have ended before a page opens: a summary arriving later re-draws the entity
        # list, and a click that lands while the list is re-drawn is lost.
        wait_until(lambda: jobs_ended(url, 4, "summary"), 120, "the initial entities' summaries")
        yield url, {e["name"]: e["id"] for e in httpx2.get(url + "/api/entities").json()}
    finally:
        web.stop()


def data_value(page: Page, view: str, label: str):
    return page.locator(f'[data-view="{view}"] [data-item-label="{label}"] .data-value').first


def children(page: Page):
    return page.locator("[data-children-panel]")


def child(page: Page, name: str):
    return children(page).locator("[data-entity-id]").filter(has_text=name)


def open_editor(page: Page, url: str, entity_id: int) -> None:
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("body")).to_have_attribute("data-live", "true")


def add_child(page: Page, name: str, entity_type: str | None = None, file: Path | None = None) -> None:
    form = children(page).locator("[data-create-form]")
    if entity_type:
        form.locator("select[name=entity_type]").select_option(entity_type)
    form.locator("input[name=name]").fill(name)
    if file:
        form.locator("input[type=file]").set_input_files(str(file))
    form.locator("button[type=submit]").click()


def test_build_a_tree_upload_a_plan_and_see_the_parents_add_up_their_children(page: Page, projects, tmp_path):
    url, ids = projects
    page.goto(url + "/")
    tree = page.locator("[data-tree-entity] .tree-link")
    expect(tree).to_have_text(["Harbour Quarter", "Tower A"])  # the side bar opens the top level
    page.locator(f'[data-tree-toggle="{ids["Tower A"]}"]').click()
    expect(tree).to_have_count(4)
    page.locator("#entity-panel [data-entity-id]").filter(has_text="Harbour Quarter").locator("a").click()
    expect(data_value(page, "overview", "Tower A")).to_have_text(re.compile(r"1400"))

    add_child(page, "Annex")  # a building, shown as a card
    annex = child(page, "Annex")
    expect(annex).to_have_count(1)
    expect(page.locator("[data-tree-entity] .tree-link").filter(has_text="Annex")).to_have_count(1)
    expect(data_value(page, "overview", "Annex")).to_have_text(re.compile(r"^0"))  # the view followed

    annex.locator("a").click()
    expect(page.locator("#entity-name")).to_have_text("Annex")
    expect(page.locator("[data-crumb-entity]")).to_have_text(["Harbour Quarter"])
    add_child(page, "Level 0")
    expect(child(page, "Level 0")).to_have_count(1)
    add_child(page, "Level 1")
    expect(data_value(page, "floors", "Floor area")).to_have_text(re.compile(r"1000"))

    plan = tmp_path / "ground plan.csv"
    plan.write_text("room,area\nkitchen,12.5\nhall,7.5\n")
    add_child(page, "", entity_type="FloorPlan", file=plan)
    expect(child(page, "ground plan.csv")).to_have_count(1)
    expect(data_value(page, "floors", "Room area on floor plans")).to_have_text(re.compile(r"20\.0"))

    bad = tmp_path / "bad.csv"
    bad.write_text("room,area\nkitchen,lots\n")
    add_child(page, "", entity_type="FloorPlan", file=bad)
    expect(children(page).locator(".form-error")).to_have_text("line 2: the area 'lots' is not a number")
    wrong = tmp_path / "plan.txt"
    wrong.write_text("room,area\n")
    add_child(page, "", entity_type="FloorPlan", file=wrong)
    expect(children(page).locator(".form-error")).to_have_text("plan.txt: only .csv files are allowed")

    child(page, "ground plan.csv").locator("a").click()
    expect(data_value(page, "rooms", "Total room area")).to_have_text(re.compile(r"20\.0"))
    page.locator('[data-view-tab="original"]').click()
    expect(data_value(page, "original", "Header")).to_have_text("room,area")  # get_file(): the upload itself
    page.locator("[data-entity-menu-open]").click()
    download = page.locator("[data-entity-file]")
    expect(download).to_have_attribute("href", re.compile(r"/api/blobs/[0-9a-f]{32}\?download=1"))
    assert httpx2.get(url + download.get_attribute("href")).text == plan.read_text()

    page.locator("[data-crumb-entity]").filter(has_text="Harbour Quarter").click()
    expect(data_value(page, "overview", "Floor area")).to_have_text(re.compile(r"2400"))


def confirm(page: Page, dialog: str) -> None:
    page.locator(f'[data-dialog="{dialog}"] [data-dialog-confirm]').click()
    expect(page.locator(f'[data-dialog="{dialog}"]')).to_have_count(0)


def test_rename_move_and_delete_in_place_and_restore_an_old_revision(page: Page, projects):
    url, ids = projects
    annex = {"entity_type": "Building", "name": "Annex", "parent_id": ids["Harbour Quarter"]}
    httpx2.post(url + "/api/entities", json=annex)
    open_editor(page, url, ids["Tower A"])

    page.locator("[data-entity-menu-open]").click()
    page.locator('[data-entity-menu="rename"]').click()
    page.locator('[data-dialog="rename"] input').fill("Tower B")
    confirm(page, "rename")
    expect(page.locator("#entity-name")).to_have_text("Tower B")
    expect(page.locator("[data-tree-entity] .tree-link").filter(has_text="Tower B")).to_have_count(1)

    child(page, "First floor").locator('[data-entity-action="delete"]').click()
    expect(page.locator('[data-dialog="delete"]')).to_contain_text("cannot be undone")
    confirm(page, "delete")
    expect(child(page, "First floor")).to_have_count(0)

    child(page, "Ground floor").locator('[data-entity-action="move"]').click()
    page.locator('[data-dialog="move"] select').select_option(label="Annex (Building)")
    confirm(page, "move")
    expect(child(page, "Ground floor")).to_have_count(0)
    expect(children(page).locator("[data-entity-panel]")).to_have_attribute("data-count", "0")
    assert httpx2.get(f"{url}/api/entities/{ids['Ground floor']}").json()["parent_id"] != ids["Tower A"]

    height = page.locator('[data-field="floor_height"] input').first
    height.fill("4")
    height.dispatch_event("change")
    expect(page.locator("#save-status")).to_have_text("Unsaved changes")
    page.locator("#save").click()
    expect(page.locator("#save-status")).to_have_text("Saved (revision 2)")

    page.locator("#history-button").click()
    entries = page.locator("#history [data-revision]")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("Revision 2")
    expect(entries.first.locator("[data-author]")).to_have_text("by local user")
    page.locator('#history [data-open-revision="1"]').click()
    expect(height).to_have_value("3.5")
    expect(page.locator('#entity-notice[data-notice="revision"]')).to_contain_text("Showing revision 1")
    page.locator("[data-notice-restore]").click()
    expect(page.locator("#save-status")).to_have_text("Saved (revision 3)")
    expect(page.locator("#entity-notice")).to_be_hidden()
    assert httpx2.get(f"{url}/api/entities/{ids['Tower A']}").json()["params"]["floor_height"] == 3.5


def test_changes_made_elsewhere_appear_without_a_reload(page: Page, projects):
    url, ids = projects
    tower = ids["Tower A"]
    index = page.context.new_page()
    index.goto(url + "/")
    expect(index.locator("body")).to_have_attribute("data-live", "true")
    open_editor(page, url, tower)
    height = page.locator('[data-field="floor_height"] input').first

    params = httpx2.get(f"{url}/api/entities/{tower}").json()["params"]
    httpx2.put(f"{url}/api/entities/{tower}/params", json={"params": {**params, "floor_height": 5}})
    expect(height).to_have_value("5")  # not dirty: the newer revision is loaded
    expect(page.locator("#save-status")).to_have_text("Saved (revision 2)")

    address = page.locator('[data-field="address"] input').first
    address.fill("Quay 2")
    address.dispatch_event("change")
    httpx2.put(f"{url}/api/entities/{tower}/params", json={"params": {**params, "floor_height": 6}})
    expect(page.locator('#entity-notice[data-notice="conflict"]')).to_contain_text("Revision 3 was saved")
    expect(address).to_have_value("Quay 2")  # unsaved work is never thrown away unasked
    page.locator("[data-notice-load]").click()
    expect(height).to_have_value("6")

    # a job changes the tree through viktor.api_v1: the new floor appears here and in the view
    page.locator('[data-button="add_next_floor"]').click()
    expect(child(page, "Level 2")).to_have_count(1)
    expect(data_value(page, "floors", "Floors")).to_have_text("3")
    # the list in the other tab followed a rename made through the API
    httpx2.patch(f"{url}/api/entities/{ids['Harbour Quarter']}", json={"name": "Harbour North"})
    expect(index.locator("#entity-panel [data-entity-id]").filter(has_text="Harbour North")).to_have_count(1)
    expect(page.locator("[data-crumb-entity]")).to_have_text(["Harbour North"])


def test_an_editor_app_opens_a_private_unsaved_session_per_visit(page: Page, start_app):
    running = start_app("editor_app")
    web, url = start_web(running.directory, running.redis_url)
    try:
        page.goto(url + "/")
        expect(page).to_have_url(re.compile(r"/entities/\d+$"))
        expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
        expect(page.locator("#save")).to_be_hidden()
        expect(page.locator("#history-button")).to_have_count(0)
        note = page.locator('[data-field="note"] input').first
        note.fill("hello")
        note.dispatch_event("change")
        expect(data_value(page, "notes", "Kept note")).to_have_text("hello")  # Storage, scope "session"
        first = page.url

        other = page.context.new_page()
        other.goto(url + "/")
        expect(other.locator("#editor")).to_have_attribute("data-ready", "true")
        assert other.url != first
        expect(data_value(other, "notes", "Kept note")).to_have_text("")  # another session's storage
        assert httpx2.get(url + "/api/entities").json() == []
    finally:
        web.stop()


def test_a_wrong_tree_structure_is_named_on_the_entity_list_and_in_the_editor(page: Page, start_app):
    running = start_app("bad_tree")
    web, url = start_web(running.directory, running.redis_url)
    try:
        page.goto(url + "/")
        error = page.locator("[data-app-error]")
        expect(error).to_contain_text("Project.children names 'Ghost', which is not an entity type")
        record = EntityStore(running.pool_redis(), running.name).create("Project", "Left over", {})
        page.goto(f"{url}/entities/{record.id}")
        expect(page.locator("[data-app-error]")).to_contain_text("names 'Ghost'")
    finally:
        web.stop()
