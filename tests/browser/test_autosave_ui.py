"""Autosave, named manual saves and a readable history (issue 17, item 3).

The platform saves the editor's changes of simple and tree apps by itself; the user may still save
by hand and name that revision. Here: a burst of edits becomes one autosaved revision after a quiet
period, leaving the page saves what is pending (a keepalive request), "Unsaved changes" clears when
the values are back to the saved ones, a manual save of what was autosaved names that revision, and
runs of autosaves are folded in the history. The quiet period is ``VIKTORLITE_AUTOSAVE_SECONDS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import HANG, start_web, wait_until

#: Edits of "load" made in one task of the page: no timer can fire between them.
BURST = """values => {
  const input = document.querySelector('[data-field="load"] input');
  for (const value of values) {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
}"""


@pytest.fixture
def editor(start_module_app, page: Page) -> Iterator[Callable[[float], tuple[str, int]]]:
    """A web process with the test's quiet period, for the module's one editor_flow app (its workers);
    each test saves only the entity it makes."""
    running = start_module_app("editor_flow")
    webs = []

    def open_with(quiet_seconds: float) -> tuple[str, int]:
        web, url = start_web(
            running.directory, running.redis_url, env={"VIKTORLITE_AUTOSAVE_SECONDS": str(quiet_seconds)}
        )
        webs.append(web)
        created = httpx2.post(url + "/api/entities", json={"entity_type": "Beam", "name": "Beam 1"})
        assert created.status_code == 201, created.text
        entity_id = created.json()["id"]
        page.goto(f"{url}/entities/{entity_id}")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
        return url, entity_id

    try:
        yield open_with
    finally:
        for web in webs:
            web.stop()


def revisions(url: str, entity_id: int) -> list[dict[str, Any]]:
    return httpx2.get(f"{url}/api/entities/{entity_id}/revisions").json()


def saved_load(url: str, entity_id: int) -> Any:
    return httpx2.get(f"{url}/api/entities/{entity_id}").json()["params"]["load"]


def test_a_burst_of_edits_is_autosaved_once_and_a_manual_save_names_it(page: Page, editor):
    url, entity_id = editor(0.5)
    status = page.locator("#save-status")
    expect(status).to_have_text("Saved (revision 1)")
    page.evaluate(BURST, ["6", "7", "8"])
    expect(status).to_have_text("Saved (revision 2)")
    expect(status).to_have_attribute("data-kind", "auto")
    assert [(r["revision"], r["kind"]) for r in revisions(url, entity_id)] == [(1, "manual"), (2, "auto")]
    assert saved_load(url, entity_id) == 8

    # "Save as…" of what the autosave holds names that revision instead of repeating it
    page.locator("#save-named").click()
    dialog = page.locator('[data-dialog="save-named"]')
    dialog.locator("input").fill("Sent to the client")
    dialog.locator("[data-dialog-confirm]").click()
    expect(status).to_have_attribute("data-kind", "manual")
    expect(status).to_have_text("Saved (revision 2)")
    assert [(r["revision"], r["kind"], r["label"]) for r in revisions(url, entity_id)][-1] == (
        2,
        "manual",
        "Sent to the client",
    )

    # three more bursts: three autosaves, the older two folded into one group in the history
    for revision, value in ((3, "9"), (4, "10"), (5, "11")):
        page.evaluate(BURST, [value])
        expect(status).to_have_text(f"Saved (revision {revision})")
    page.locator("#history-button").click()
    history = page.locator("#history")
    expect(history.locator('[data-revision="2"] [data-label]')).to_have_text("Sent to the client")
    group = history.locator('[data-autosave-group="2"]')
    expect(group.locator("summary")).to_contain_text("2 autosaves")
    expect(group.locator("[data-revision]")).to_have_count(2)
    expect(group.locator('[data-revision="3"]')).to_be_hidden()  # folded until opened
    expect(history.locator('[data-revision="5"]')).to_be_visible()  # the latest stays in sight
    expect(history.locator('[data-revision="5"]')).to_contain_text("autosaved")


def test_unsaved_changes_clear_when_the_values_are_back_and_leaving_saves_them(page: Page, editor):
    url, entity_id = editor(3600)  # no quiet period ends during this test: only leaving saves
    status = page.locator("#save-status")
    load = page.locator('[data-field="load"] input')
    load.fill("9")
    expect(status).to_have_text("Unsaved changes")
    load.fill("5")  # the saved value again
    expect(status).to_have_text("Saved (revision 1)")
    page.locator('[data-field="members"] td[data-column="name"] input').first.fill("M9")
    expect(status).to_have_text("Unsaved changes")
    page.locator('[data-field="members"] td[data-column="name"] input').first.fill("M1")
    expect(status).to_have_text("Saved (revision 1)")
    assert len(revisions(url, entity_id)) == 1

    load.fill("12")
    expect(status).to_have_text("Unsaved changes")
    page.goto(url + "/?list")  # leave: the pending change goes out with a keepalive request
    wait_until(lambda: saved_load(url, entity_id) == 12, HANG, "the change saved on leaving the editor")
    assert [r["kind"] for r in revisions(url, entity_id)] == ["manual", "auto"]
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(load).to_have_value("12")
    expect(status).to_have_text(re.compile(r"Saved \(revision 2\)"))
