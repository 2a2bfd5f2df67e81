"""With ``web --workers 2`` each web process keeps one pub/sub connection for all of its event
streams (issue 20, item 4; web/event_fanout.py), and every stream hears an event.

The test has a Redis of its own, so ``CLIENT LIST`` holds only the web processes' connections and
the test's one. A web process subscribes on two connections: the fan-out one (holding the streams'
channels: entity events and the manifest channel) and the summaries loop's (entity events only).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx2
import pytest
import redis

from support import HANG, hears_entity, run_async, start_web, wait_until
from viktorlite.cli.embedded_redis import EmbeddedRedis

STREAMS = 40
# Two summaries loops (one channel each) and one fan-out (two channels) per process holding streams.
FANNED_OUT = ([1, 1, 2], [1, 1, 2, 2])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = EmbeddedRedis(tmp_path / "redis")
    yield server.start()
    server.stop()


def subscriptions(connection: redis.Redis) -> list[int]:
    """How many channels each subscribed connection of the web processes holds, sorted."""
    return sorted(int(client["sub"]) for client in connection.client_list() if int(client["sub"]) > 0)


async def scenario(url: str, connection: redis.Redis) -> tuple[list[int], int]:
    ready = heard = 0
    all_ready, all_heard = anyio.Event(), anyio.Event()

    def on_ready() -> None:
        nonlocal ready
        ready += 1
        if ready == STREAMS:
            all_ready.set()

    async def follow() -> None:
        nonlocal heard
        # A client of its own: a connection of its own, handed to whichever process accepts it.
        async with (
            httpx2.AsyncClient(base_url=url, timeout=HANG) as client,
            client.stream("GET", "/api/events") as stream,
        ):
            if await hears_entity(stream.aiter_lines(), '"Heard by all"', on_ready):
                heard += 1
                if heard == STREAMS:
                    all_heard.set()

    async with anyio.create_task_group() as streams:
        for _ in range(STREAMS):
            streams.start_soon(follow)
        with anyio.fail_after(HANG):
            await all_ready.wait()
        # Each process that accepted streams holds one fan-out connection with the two channels.
        # The kernel hands connections to whichever process accepts first, so under load one
        # process may hold all forty; that is why one *or* two fan-outs count.
        seen: list[list[int]] = [[]]

        def fanned_out() -> bool:
            seen[0] = subscriptions(connection)
            return seen[0] in FANNED_OUT

        def wait_fanned_out() -> None:
            try:
                wait_until(fanned_out, HANG, "subscribed fan-outs")
            except AssertionError as error:
                raise AssertionError(f"{error}; channels per subscribed connection: {seen[0]}") from None

        await anyio.to_thread.run_sync(wait_fanned_out)
        held = seen[0]
        async with httpx2.AsyncClient(base_url=url, timeout=HANG) as client:
            created = await client.post("/api/entities", json={"entity_type": "Gate", "name": "Heard by all"})
            assert created.status_code == 201, created.text
        with anyio.fail_after(HANG):
            await all_heard.wait()
    return held, heard


def test_each_web_process_has_one_pubsub_connection_for_all_its_streams(publish_app, redis_url):
    published = publish_app("gate")  # no worker: an entity created through the API is the event
    connection = redis.Redis.from_url(redis_url)
    web, url = start_web(published.directory, redis_url, "--workers", "2")
    try:
        held, heard = run_async(scenario, url, connection)
    finally:
        web.stop()
        connection.close()
    assert held in FANNED_OUT  # at most 2 processes x (summaries, fan-out) for 40 streams
    assert heard == STREAMS
