"""``GET /api/dashboard`` answers 304 without a body while the state is the one the client has (its
ETag in ``If-None-Match``), and the new state with a new ETag once it changed.

The app is published without workers (``publish_app``): a job started stays queued, which changes the
queue length, and nothing else writes meanwhile.
"""

from __future__ import annotations

import json
from typing import Any

from support import HANG, wait_until


def unchanged(client: Any, tag_holder: list[str]) -> bool:
    """Read the state, then again with its ETag: True once the second read is a 304 (Redis' own memory
    figures may move between two reads on a busy machine; the next pair then agrees)."""
    first = client.get("/api/dashboard")
    assert first.status_code == 200 and first.headers["etag"].startswith('"')
    again = client.get("/api/dashboard", headers={"If-None-Match": first.headers["etag"]})
    if again.status_code != 304:
        assert again.status_code == 200 and again.content
        return False
    assert again.content == b"" and again.headers["etag"] == first.headers["etag"]
    tag_holder[:] = [first.headers["etag"], first.text]
    return True


def test_an_unchanged_state_is_a_304_and_a_changed_one_the_new_state(publish_app):
    running = publish_app("calculator")
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "c"}).json()
        held: list[str] = []
        wait_until(lambda: unchanged(client, held), HANG, "two reads of the same state")
        tag, body = held
        queued = json.loads(body)["queue_length"]
        started = client.post(f"/api/entities/{entity['id']}/jobs", json={"method": "result"})
        assert started.status_code == 202, started.text
        changed = client.get("/api/dashboard", headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag
        assert changed.json()["queue_length"] == queued + 1
        assert client.get("/api/dashboard", headers={"If-None-Match": "*"}).status_code == 304
