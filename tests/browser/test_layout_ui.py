"""The editor's layout (issue 17, item 9): the tree side bar collapses; the divider between inputs and
views drags; below 1000 px nothing is cut off (children tables scroll, labels wrap between words);
form buttons look like buttons; entity lists sort by any column and show when and by whom each entity
was last saved."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Browser, Page, expect

from support import HANG

APP = Path(__file__).resolve().parents[1] / "apps" / "layout_tree"

#: In the page: the words of an element's text that are split over two lines.
BROKEN_WORDS = """el => {
  const broken = []; const node = el.firstChild; if (!node || node.nodeType !== 3) return broken;
  const text = node.textContent; let at = 0;
  for (const word of text.split(/\\s+/)) {
    const start = text.indexOf(word, at); at = start + word.length;
    if (!word) continue;
    const range = document.createRange(); range.setStart(node, start); range.setEnd(node, start + word.length);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    if (tops.size > 1) broken.push(word);
  }
  return broken;
}"""


@pytest.fixture
def site(start_module_app, start_module_web) -> tuple[str, dict[str, int]]:
    url = start_module_web(start_module_app(APP))
    entities = httpx2.get(url + "/api/entities").json()
    return url, {e["name"]: e["id"] for e in entities}


def open_editor(page: Page, url: str, entity_id: int) -> None:
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")


def test_the_tree_side_bar_collapses_and_stays_collapsed(page: Page, site):
    url, ids = site
    open_editor(page, url, ids["Harbour quarter"])
    sidebar = page.locator("#tree-sidebar")
    expect(sidebar.locator("[data-tree-entity]").first).to_be_visible()
    wide = sidebar.bounding_box()["width"]
    inputs_before = page.locator("#input-panel").bounding_box()["width"]
    page.locator("[data-tree-collapse]").click()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(sidebar.locator("[data-tree-entity]").first).to_be_hidden()
    assert sidebar.bounding_box()["width"] < 60 < wide
    assert page.locator("#input-panel").bounding_box()["width"] > inputs_before  # the editor got the room
    page.reload()
    expect(page.locator("#tree-sidebar")).to_have_attribute("data-collapsed", "true")
    page.locator("[data-tree-collapse]").click()
    expect(page.locator("#tree-sidebar")).to_have_attribute("data-collapsed", "false")
    expect(page.locator("#tree-sidebar [data-tree-entity]").first).to_be_visible()


def test_the_divider_between_inputs_and_views_drags(page: Page, site):
    url, ids = site
    open_editor(page, url, ids["Harbour quarter"])
    # the side bar and the children table arrive after the editor is ready and move the 6 px handle
    expect(page.locator("#tree-sidebar [data-tree-entity]").first).to_be_visible()
    expect(page.locator("#children [data-entity-id]")).to_have_count(3)
    panel = page.locator("#input-panel")
    before = panel.bounding_box()["width"]
    page.locator("#split-handle").hover()
    handle = page.locator("#split-handle").bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + min(200, handle["height"] / 2)
    page.mouse.move(x, y)
    page.mouse.down()
    expect(page.locator("#editor")).to_have_attribute("data-resizing", "true")  # the press hit the handle
    page.mouse.move(x + 80, y, steps=4)
    page.mouse.move(x + 160, y, steps=4)
    page.mouse.up()
    after = panel.bounding_box()["width"]
    assert 140 < after - before < 180, (before, after)
    width = panel.get_attribute("data-width")
    page.reload()  # the chosen width is kept for this entity type
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("#input-panel")).to_have_attribute("data-width", width or "")
    page.locator("#split-handle").dblclick()  # back to the parametrization's width
    expect(page.locator("#input-panel")).to_have_attribute("data-width", "40")


def test_below_1000_px_nothing_is_cut_off(browser: Browser, site):
    url, ids = site
    context = browser.new_context(viewport={"width": 900, "height": 700})
    page = context.new_page()
    page.set_default_timeout(HANG * 1000)
    try:
        open_editor(page, url, ids["Harbour quarter"])
        expect(page.locator("#children [data-entity-id]")).to_have_count(3)
        # the page itself never scrolls sideways: every part fits in the window
        assert page.evaluate("document.documentElement.scrollWidth") <= 900
        for part in ("#tree-sidebar", "#input-panel", "#view-panel", ".topbar"):
            box = page.locator(part).first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 900 + 0.5, (part, box)
        # the children table scrolls inside its own box rather than being cut
        table_box = page.locator("#children .entity-panel-list")
        assert table_box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
        inputs = page.locator("#input-panel").bounding_box()
        assert table_box.evaluate("el => el.getBoundingClientRect().right") <= inputs["x"] + inputs["width"] + 0.5
        # the table is wider than its box and scrolls; its headers keep their words whole
        assert table_box.evaluate("el => el.scrollWidth > el.clientWidth")
        headers = page.locator("#children th .sort-button")
        for i in range(headers.count()):
            assert headers.nth(i).evaluate("el => el.scrollWidth <= el.clientWidth + 1"), headers.nth(i).text_content()
        # labels wrap between words, never inside one, and stay inside their field
        labels = page.locator("#input-panel .field-label")
        for i in range(labels.count()):
            label = labels.nth(i)
            assert label.evaluate(BROKEN_WORDS) == [], label.text_content()
            assert label.evaluate("el => el.scrollWidth <= el.closest('.field').clientWidth + 1"), label.text_content()
        # fields do not overlap one another
        boxes = [
            b
            for b in page.locator("#input-panel .field").evaluate_all(
                "els => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom])"
            )
            if b[2] > b[0]
        ]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5, (a, b)
        # form buttons show their whole text
        buttons = page.locator("#input-panel .btn-form-button")
        for i in range(buttons.count()):
            assert buttons.nth(i).evaluate("el => el.scrollWidth <= el.clientWidth + 1"), buttons.nth(i).text_content()
        page.screenshot(path=str(Path(__file__).resolve().parents[2] / "build" / "layout-900.png"))
    finally:
        context.close()


def test_form_buttons_look_like_buttons(page: Page, site):
    url, ids = site
    open_editor(page, url, ids["Harbour quarter"])
    button = page.locator('[data-button="check"]')
    expect(button).to_be_visible()
    style = button.evaluate(
        "b => { const s = getComputedStyle(b); return [s.borderTopStyle, s.color, s.borderTopColor]; }"
    )
    assert style[0] == "solid"
    muted_grey = "rgb(104, 112, 131)"
    assert style[1] != muted_grey and style[2] != muted_grey


def test_entity_lists_sort_by_any_column_and_show_date_and_author(page: Page, site):
    url, ids = site
    open_editor(page, url, ids["Harbour quarter"])
    rows = page.locator("#children [data-entity-id] .entity-link")
    expect(rows).to_have_text(["Tower A", "Annex", "Car park"])  # as created
    expect(page.locator("#children .author-cell, #children .saved-cell").first).to_be_visible()
    saved = page.locator("#children [data-entity-id] .saved-cell").first
    expect(saved).to_have_attribute("data-saved-at", re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"))
    expect(saved).not_to_have_text("–")

    name = page.locator('#children th[data-sort-key="name"]')
    name.locator("button").click()
    expect(rows).to_have_text(["Annex", "Car park", "Tower A"])
    expect(name).to_have_attribute("aria-sort", "ascending")
    name.locator("button").click()
    expect(rows).to_have_text(["Tower A", "Car park", "Annex"])
    expect(name).to_have_attribute("aria-sort", "descending")
    floors = page.locator('#children th[data-sort-key="summary:floors"]')
    floors.locator("button").click()  # numbers sort as numbers: 2, 5, 10
    expect(rows).to_have_text(["Annex", "Car park", "Tower A"])

    page.goto(url + "/")  # the app's own list: date and author columns too
    header = page.locator('#entity-panel th[data-sort-key="author"]')
    expect(header).to_be_visible()
    expect(page.locator("#entity-panel [data-entity-id] .author-cell").first).to_have_text("local user")
