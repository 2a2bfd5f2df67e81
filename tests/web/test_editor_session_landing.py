"""An editor app's session entity is made only by the user's own navigation or a POST.

A real ``viktorlite web`` process for an editor app (issue 16, item 14): before, every ``GET /``
made a session entity, so another site's page (an ``<img src>``, a redirect) could make as many
as it liked: 200 GETs, 200 entities.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from support import start_web
from viktorlite.store.keys import Keys


@pytest.fixture
def web(publish_app) -> Iterator[tuple[str, str]]:
    published = publish_app("editor_app")
    process, url = start_web(published.directory, published.redis_url)
    try:
        yield published.name, url
    finally:
        process.stop()


def _sessions(redis_client, app: str) -> int:
    return int(redis_client.zcard(Keys(app).sessions))


def test_a_get_another_site_caused_makes_no_session(web, redis_client):
    app, url = web
    for _ in range(20):
        page = httpx2.get(url + "/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"})
        assert page.status_code == 200 and 'id="open-editor"' in page.text and 'method="post"' in page.text
    same_site = httpx2.get(url + "/", headers={"Sec-Fetch-Site": "same-site"})
    assert same_site.status_code == 200, "a sibling subdomain is another site too"
    assert _sessions(redis_client, app) == 0
    assert int(redis_client.zcard(Keys(app).entity_ids)) == 0


def test_the_users_own_navigation_or_a_post_makes_one(web, redis_client):
    app, url = web
    for fetch_site in ("none", "same-origin"):
        opened = httpx2.get(url + "/", headers={"Sec-Fetch-Site": fetch_site, "Sec-Fetch-Mode": "navigate"})
        assert opened.status_code == 303 and opened.headers["location"].startswith("/entities/")
    assert httpx2.get(url + "/").status_code == 303, "a client that is no browser (curl) opens one too"
    posted = httpx2.post(url + "/", headers={"Origin": url, "Sec-Fetch-Site": "same-origin"})
    assert posted.status_code == 303 and posted.headers["location"].startswith("/entities/")
    editor = httpx2.get(url + posted.headers["location"])
    assert editor.status_code == 200
    assert _sessions(redis_client, app) == 4

    cross_post = httpx2.post(url + "/", headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert cross_post.status_code == 403
    assert _sessions(redis_client, app) == 4
