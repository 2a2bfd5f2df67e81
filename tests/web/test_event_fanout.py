"""1,000 open event streams on one web process: each hears an event published after all are open,
and the web process holds a few Redis connections, not one per stream (issue 16, item 13;
web/event_fanout.py).

The test has a Redis of its own, so ``CLIENT LIST`` holds only the web process's connections and
the test's one.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx2
import pytest
import redis

from support import HANG, hears_entity, run_async, start_web
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.web.services import ASYNC_POOL_SIZE

STREAMS = 1000
#: Redis connections the web process may hold however many streams are open: its async pool (full
#: after 1,000 streams opened at once), the shared pub/sub one and a few for its threads.
FEW = ASYNC_POOL_SIZE + 8


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = EmbeddedRedis(tmp_path / "redis")
    yield server.start()
    server.stop()


@pytest.fixture(autouse=True)
def enough_files() -> None:
    """Two ends of 1,000 connections in this process and the web process (which inherits the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * STREAMS
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def web_connections(connection: redis.Redis) -> int:
    """Clients of the test's Redis but this one."""
    mine = str(connection.client_id())
    return sum(1 for client in connection.client_list() if client["id"] != mine)


async def scenario(url: str, connection: redis.Redis) -> tuple[int, int]:
    ready = 0
    heard = 0
    all_ready = anyio.Event()
    all_heard = anyio.Event()
    failures: list[str] = []

    def on_ready() -> None:
        nonlocal ready
        ready += 1
        if ready == STREAMS:
            all_ready.set()

    async def follow(client: httpx2.AsyncClient) -> None:
        nonlocal heard
        async with client.stream("GET", "/api/events") as response:
            if await hears_entity(response.aiter_lines(), '"After all are open"', on_ready):
                heard += 1
                if heard == STREAMS:
                    all_heard.set()
                return
        failures.append(f"a stream ended without the event (status {response.status_code})")
        all_ready.set()
        all_heard.set()

    limits = httpx2.Limits(max_connections=None, max_keepalive_connections=None)
    client = httpx2.AsyncClient(base_url=url, timeout=HANG, limits=limits)
    async with client, anyio.create_task_group() as streams:
        for _ in range(STREAMS):
            streams.start_soon(follow, client)
        with anyio.fail_after(HANG):
            await all_ready.wait()
        assert not failures, failures[:3]
        open_connections = web_connections(connection)
        created = await client.post("/api/entities", json={"entity_type": "Gate", "name": "After all are open"})
        assert created.status_code == 201, created.text
        with anyio.fail_after(HANG):
            await all_heard.wait()
        assert not failures, failures[:3]
    return open_connections, heard


def test_a_thousand_streams_share_one_connection_and_each_hears_the_event(publish_app, redis_url):
    published = publish_app("gate")  # no worker: an entity created through the API is the event
    connection = redis.Redis.from_url(redis_url)
    web, url = start_web(published.directory, redis_url)
    try:
        open_connections, heard = run_async(scenario, url, connection)
    finally:
        web.stop()
        connection.close()
    assert heard == STREAMS
    print(f"{open_connections} Redis connections of the web process for {STREAMS} open streams")
    assert open_connections <= FEW, f"{open_connections} Redis connections for {STREAMS} streams"


def test_a_stream_hears_resync_when_the_shared_connection_was_lost_and_goes_on(publish_app, redis_url):
    published = publish_app("gate")
    connection = redis.Redis.from_url(redis_url)
    web, url = start_web(published.directory, redis_url)
    try:
        with httpx2.stream("GET", url + "/api/events", timeout=HANG) as response:
            lines = response.iter_lines()
            assert next(line for line in lines if line.startswith("event:")) == "event: ready"
            (shared,) = [c for c in connection.client_list() if c.get("sub") == "2"]  # entity and app channels
            connection.client_kill_filter(_id=shared["id"])
            assert next(line for line in lines if line.startswith("event:")) == "event: resync"
            created = httpx2.post(url + "/api/entities", json={"entity_type": "Gate", "name": "After"}, timeout=HANG)
            assert created.status_code == 201, created.text
            assert next(line for line in lines if line.startswith("event:")) == "event: entity"
            assert '"After"' in next(lines)
    finally:
        web.stop()
        connection.close()
