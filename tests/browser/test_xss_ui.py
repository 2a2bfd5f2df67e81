"""XSS payloads typed into every text-like field, the entity name and a file name: none of them runs.

tests/apps/hostile echoes the text into every kind of view (data, table, plot, map, image, the
app's own HTML, a URL, an error). A payload that ran would set ``window.__xss`` or open a dialog;
one that was inserted as HTML but stopped by the Content-Security-Policy would log a violation,
which the ``page`` fixture turns into a failure too. So the editor must show it all as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import APPS, start_web

PAYLOADS = {
    "text": '<img src=x onerror="window.__xss=1;alert(1)">',
    "notes": '"><script>window.__xss=2;alert(2)</script>\n<svg onload="window.__xss=3;alert(3)">',
    "link": "javascript:window.__xss=4;alert(4)",
    "rows.label": '\'><iframe src="javascript:alert(5)"></iframe><a href="javascript:alert(6)">x</a>',
}
ENTITY_NAME = '<img src=x onerror="window.__xss=7;alert(7)">"><script>alert(8)</script>'
FILE_NAME = "<img src=x onerror=window.__xss=9;alert(9)>.txt"  # Chromium sends a '\"' in a file name as %22
VIEWS = ["data", "table", "plot", "map", "image", "web", "link_view", "error"]


@pytest.fixture
def hostile(start_app) -> Iterator[tuple[str, int]]:
    running = start_app(APPS / "hostile")
    web, url = start_web(running.directory, running.redis_url)
    try:
        created = httpx2.post(url + "/api/entities", json={"entity_type": "Controller", "name": ENTITY_NAME})
        assert created.status_code == 201, created.text
        yield url, created.json()["id"]
    finally:
        web.stop()


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.title() != "escaped"


def test_payloads_in_fields_names_and_files_never_run(page: Page, hostile, tmp_path):
    url, entity_id = hostile
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(url + "/")
    expect(page.get_by_text(ENTITY_NAME).first).to_be_visible()  # the name is shown, as text
    assert_nothing_ran(page, dialogs)

    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    page.locator('[data-field="text"] input').fill(PAYLOADS["text"])
    page.locator('[data-field="notes"] textarea').fill(PAYLOADS["notes"])
    page.locator('[data-field="link"] input').fill(PAYLOADS["link"])
    page.locator('[data-array-add="rows"]').click()
    page.locator('[data-field="rows.0.label"] input').first.fill(PAYLOADS["rows.label"])
    upload = tmp_path / "drawing.txt"
    upload.write_text("1,2")
    page.locator('[data-field="drawing"] input[type=file]').set_input_files(
        {"name": FILE_NAME, "mimeType": "text/plain", "buffer": b"1,2"}
    )
    expect(page.locator('[data-field="drawing"] .file-chip .file-name')).to_have_text([FILE_NAME])
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"Saved \(revision \d+\)"))
    assert_nothing_ran(page, dialogs)

    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator('[data-field="text"] input')).to_have_value(PAYLOADS["text"])
    expect(page.locator('[data-field="notes"] textarea')).to_have_value(PAYLOADS["notes"])
    expect(page.locator('[data-field="rows.0.label"] input').first).to_have_value(PAYLOADS["rows.label"])
    expect(page.locator("#entity-name")).to_have_text(ENTITY_NAME)
    for method in VIEWS:
        page.locator(f'[data-view-tab="{method}"]').click()
        view = page.locator(f'[data-view="{method}"]')
        expect(view).to_have_attribute("data-state", re.compile("ready|error"))
        assert_nothing_ran(page, dialogs)

    data = page.locator('[data-view="data"]')
    page.locator('[data-view-tab="data"]').click()
    expect(data).to_contain_text(PAYLOADS["text"])  # shown as text, not parsed
    expect(data).to_contain_text(FILE_NAME)
    page.locator('[data-view-tab="link_view"]').click()
    expect(page.locator('[data-view="link_view"]')).to_contain_text(
        "url must be an http(s) URL"
    )  # refused before it reaches a browser
    page.locator('[data-view-tab="web"]').click()
    frame = page.locator('[data-view="web"] iframe')
    assert "allow-same-origin" not in (frame.get_attribute("sandbox") or "")
    # The iframe element comes before its frame: wait for the frame's document, as Playwright waits.
    expect(page.frame_locator('[data-view="web"] iframe').locator("body")).to_be_attached()
    content = frame.element_handle().content_frame()
    assert content is not None
    content.wait_for_load_state("load")  # the app's (sandboxed) script has tried to reach the editor
    assert_nothing_ran(page, dialogs)
