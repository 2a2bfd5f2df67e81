"""A full Redis refuses writes with a 507 naming its limit, and keeps everything saved before.

An embedded Redis started with a tiny ``VIKTORLITE_REDIS_MAXMEMORY`` and a real ``viktorlite web``
process on it (issue 16, item 12): before, the embedded Redis had no ``maxmemory`` at all, and a
refused write was a 500 ``internal error: OutOfMemoryError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import redis
from redis.exceptions import OutOfMemoryError

from support import SAMPLE_APPS, copy_app, start_web
from viktorlite.app.config import app_name
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.cli.redis_maxmemory import ENV
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import publish_manifest
from viktorlite.store.redis_memory import by_kind as by_kind_of

MAXMEMORY = "4mb"
MB = 1024 * 1024


@pytest.fixture
def tiny_redis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv(ENV, MAXMEMORY)
    server = EmbeddedRedis(tmp_path / "redis")
    url = server.start()
    yield url
    server.stop()


def _titled(title: str) -> dict:
    return {"basics": {"text": {"title": title}}}


def _fill(client: redis.Redis) -> int:
    """Write filler keys until Redis refuses one; then lower the limit a little below what is used,
    so that connections coming and going cannot bring it back under. Returns the filler count."""
    value = b"x" * 1024
    for count in range(100_000):
        try:
            client.set(f"filler:{count}", value)
        except OutOfMemoryError:
            used = int(client.info("memory")["used_memory"])
            client.config_set("maxmemory", used - MB // 2)
            return count
    raise AssertionError(f"Redis took 100 MB with maxmemory {MAXMEMORY}")


def test_the_embedded_redis_has_a_maxmemory_and_never_evicts(tiny_redis):
    client = redis.Redis.from_url(tiny_redis)
    assert int(client.config_get("maxmemory")["maxmemory"]) == 4 * MB
    assert client.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"


def test_a_full_redis_answers_507_and_keeps_what_was_saved(tiny_redis, tmp_path: Path):
    directory = copy_app(SAMPLE_APPS / "inputs", tmp_path)
    name = app_name(directory)
    client = redis.Redis.from_url(tiny_redis)
    publish_manifest(client, build_manifest(load_app(directory, name=name)))
    web, url = start_web(directory, tiny_redis)
    try:
        entity = httpx2.post(url + "/api/entities", json={"entity_type": "Design", "name": "Full"}).json()["id"]
        for span in (1, 2):
            saved = httpx2.put(url + f"/api/entities/{entity}/params", json={"params": _titled(f"rev {span}")})
            assert saved.status_code == 200, saved.text
        before = httpx2.get(url + f"/api/entities/{entity}/revisions").json()
        fillers = _fill(client)

        refused = httpx2.put(url + f"/api/entities/{entity}/params", json={"params": _titled("too much")})
        assert refused.status_code == 507, refused.text
        message = refused.json()["error"]
        assert message.startswith("Redis is full (maxmemory ") and "VIKTORLITE_REDIS_MAXMEMORY" in message
        created = httpx2.post(url + "/api/entities", json={"entity_type": "Design", "name": "One more"})
        assert created.status_code == 507 and "Redis is full" in created.json()["error"]
        drawing = "/api/uploads?entity_type=Design&field=places.drawing"
        upload = httpx2.post(url + drawing, files={"file": ("a.txt", b"1,2", "text/plain")})
        assert upload.status_code == 507, upload.text
        assert not list(client.scan_iter(Keys(name).prefix + ":blob:*")), "a refused upload leaves no chunk behind"

        after = httpx2.get(url + f"/api/entities/{entity}/revisions").json()
        assert after == before, "earlier revisions are intact"
        assert client.exists(*(f"filler:{i}" for i in range(fillers))) == fillers, "nothing was evicted"

        state = httpx2.get(url + "/api/dashboard").json()["redis"]
        assert state["full"] and state["policy"] == "noeviction" and state["used_bytes"] >= state["max_bytes"] > 0
        by_kind = httpx2.get(url + "/api/dashboard/memory").json()
        kinds = {row["kind"]: row for row in by_kind["kinds"]}
        assert by_kind["exact"] is (by_kind["total_keys"] <= by_kind["sampled_keys"])
        # Scaled from a sample when there are more keys than it reads: an estimate, not a count.
        assert abs(kinds["other"]["keys"] - fillers) <= fillers * (0 if by_kind["exact"] else 0.25)
        assert kinds["other"]["bytes"] > fillers * 1024 * 0.75
        every_key = {row["kind"]: row for row in by_kind_of(client, Keys(name).prefix, sample=100_000)["kinds"]}
        entity_keys = len(set(client.scan_iter(Keys(name).prefix + ":entit*")))  # record, revisions, ids, ...
        assert every_key["other"]["keys"] == fillers and every_key["entities"]["keys"] == entity_keys >= 3

        client.delete(*(f"filler:{i}" for i in range(fillers)))  # space again: writes work again
        saved = httpx2.put(url + f"/api/entities/{entity}/params", json={"params": _titled("room again")})
        assert saved.status_code == 200, saved.text
    finally:
        web.stop()
        client.close()
