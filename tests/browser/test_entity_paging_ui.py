"""Entity lists read a page at a time (issue 18, item 6): the entity list, the children table and the
tree side bar show the first page, load more with a button or when its end scrolls into sight, and
take their name filter and their order by name from the server.

Drives tests/apps/paged_tree with a few hundred entities made through the API. Names count down as
ids count up, so a page sorted by name holds entities the first page by id does not: only the server
can have sorted them.
"""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Locator, Page, expect

from support import HANG, wait_until

APP = Path(__file__).resolve().parents[1] / "apps" / "paged_tree"
SITES = 260
TOP = SITES + 1  # and the app's initial site, "Zone"
BUILDINGS = 120


def make(client: httpx2.Client, entity_type: str, name: str, parent_id: int | None = None) -> int:
    created = client.post("/api/entities", json={"entity_type": entity_type, "name": name, "parent_id": parent_id})
    assert created.status_code == 201, created.text
    return created.json()["id"]


@pytest.fixture(scope="module")
def site(start_module_app, start_module_web) -> tuple[str, int]:
    """The app's URL and the id of the first site (which holds the buildings)."""
    url = start_module_web(start_module_app(APP))
    with httpx2.Client(base_url=url, timeout=60) as client:
        wait_until(lambda: len(client.get("/api/entities").json()) == 1, HANG, "the initial entity")
        ids = [make(client, "Site", f"Site {SITES - i:03d}") for i in range(SITES)]
        for i in range(BUILDINGS):
            name = f"Crane {BUILDINGS - i:03d}" if i % 10 == 0 else f"Block {BUILDINGS - i:03d}"
            make(client, "Building", name, ids[0])
    return url, ids[0]


def rows(scope):
    return scope.locator("[data-entity-id] .entity-link")


def press_unseen(button: Locator) -> None:
    """Press a "Load more" button without scrolling it into sight: exactly one more page.

    Scrolled into sight the button loads the next page by itself. Playwright's ``click`` scrolls it
    there first, and scrolls again while the rows that arrive move it: one, two or three pages
    loaded, as the reads happened to end before the click or after it (150 and 250 rows were seen
    where 100 and 150 were expected).
    """
    button.dispatch_event("click")


def bring_into_sight(button: Locator) -> None:
    """Scroll a "Load more" button into sight once: exactly one more page, as the rows it loads
    move it out of sight again (Playwright's ``scroll_into_view_if_needed`` follows it as it moves)."""
    button.evaluate("button => button.scrollIntoView()")


def test_the_entity_list_shows_a_page_loads_more_and_filters_and_sorts_on_the_server(page: Page, site):
    url, _ = site
    page.goto(url + "/")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    panel = page.locator("#entity-panel")
    expect(panel).to_have_attribute("data-count", "50")
    expect(panel).to_have_attribute("data-total", str(TOP))
    expect(page.locator("#entity-count")).to_have_text(f"{TOP} entities")
    expect(rows(panel).nth(1)).to_have_text(f"Site {SITES:03d}")  # creation order, after the initial one

    more = panel.locator("[data-load-more]")
    press_unseen(more)
    expect(panel).to_have_attribute("data-count", "100")
    bring_into_sight(more)  # the end of the list in sight loads the next page too
    expect(panel).to_have_attribute("data-count", "150")

    with page.expect_request(lambda r: "/api/entities?" in r.url and "sort=name" in r.url):
        panel.locator('th[data-sort-key="name"] button').click()
    expect(rows(panel).first).to_have_text("Site 001")  # made last: not in the first page by id
    expect(rows(panel)).to_have_count(50)
    with page.expect_request(lambda r: "sort=-name" in r.url):
        panel.locator('th[data-sort-key="name"] button').click()
    expect(rows(panel).first).to_have_text("Zone")
    expect(rows(panel).nth(1)).to_have_text(f"Site {SITES:03d}")
    expect(panel.locator('th[data-sort-key="name"]')).to_have_attribute("aria-sort", "descending")
    # the columns only the browser can order need the whole list
    expect(panel.locator('th[data-sort-key="author"] button')).to_be_disabled()

    with page.expect_request(lambda r: "q=Site+00" in r.url or "q=Site%2000" in r.url):
        panel.locator("[data-entity-filter]").fill("Site 00")
    expect(rows(panel)).to_have_text([f"Site 00{i}" for i in range(9, 0, -1)])
    expect(panel).to_have_attribute("data-total", "9")
    expect(more).to_be_hidden()
    expect(panel.locator('th[data-sort-key="author"] button')).to_be_enabled()  # all 9 are here

    tree = page.locator("#tree-sidebar")
    expect(tree.locator("[data-tree-entity]")).to_have_count(50)
    tree.locator('[data-tree-more="top"]').click()
    expect(tree.locator("[data-tree-entity]")).to_have_count(100)


def test_the_children_table_and_the_tree_page_their_entities(page: Page, site):
    url, site_id = site
    page.goto(f"{url}/entities/{site_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    children = page.locator("#children")
    panel = children.locator("[data-entity-panel]")
    expect(panel).to_have_attribute("data-count", "50")
    expect(children.locator("summary")).to_have_text(f"Children ({BUILDINGS})")
    press_unseen(panel.locator("[data-load-more]"))
    expect(panel).to_have_attribute("data-count", "100")

    with page.expect_request(lambda r: "q=crane" in r.url and f"parent_id={site_id}" in r.url):
        panel.locator("[data-entity-filter]").fill("crane")
    cranes = [f"Crane {n:03d}" for n in range(10, BUILDINGS + 1, 10)]  # every tenth building
    expect(panel).to_have_attribute("data-total", str(len(cranes)))
    expect(rows(panel)).to_have_text(cranes[::-1])  # creation order
    with page.expect_request(lambda r: "q=crane" in r.url and "sort=name" in r.url):
        panel.locator('th[data-sort-key="name"] button').click()
    expect(rows(panel)).to_have_text(cranes)

    # the side bar: the open site's level holds its first page of buildings and a "more" button
    tree = page.locator(f'#tree-sidebar [data-tree-entity="{site_id}"]')
    expect(tree).to_have_attribute("aria-expanded", "true")
    expect(tree.locator("[data-tree-entity]")).to_have_count(50)
    tree.locator(f'[data-tree-more="{site_id}"]').click()
    expect(tree.locator("[data-tree-entity]")).to_have_count(100)
