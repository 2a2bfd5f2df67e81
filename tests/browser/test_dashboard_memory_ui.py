"""The dashboard shows Redis' memory, its limit and policy, and splits it by kind of key on demand."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS, start_web


@pytest.fixture
def web(publish_app) -> Iterator[str]:
    published = publish_app(SAMPLE_APPS / "inputs")
    process, url = start_web(published.directory, published.redis_url)
    try:
        httpx2.post(url + "/api/entities", json={"entity_type": "Design", "name": "Counted"})
        yield url
    finally:
        process.stop()


def test_the_dashboard_shows_redis_memory_and_its_kinds(page: Page, web: str):
    page.goto(web + "/dashboard")
    expect(page.locator("#redis-memory")).to_have_text(re.compile(r"^\d.* of .*\(noeviction\)$"))
    page.get_by_role("button", name="By kind").click()
    expect(page.locator("#memory-rows tr[data-kind]").first).to_be_visible()  # the session's Redis: any kind
    expect(page.locator("#memory-note")).to_have_text(re.compile(r"keys$"))
