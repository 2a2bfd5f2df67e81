"""Event delivery to N streams: the shared pub/sub connection (web/event_fanout.py) against one
redis-py PubSub connection per stream (what the web process did before), on one server, in one run.

Each round subscribes N streams to one channel, publishes M events and times until every stream
has read all M. The rounds alternate (per-stream, shared, per-stream, shared ...) so drift hits both
alike. N stays under the old async pool's 100 connections, beyond which the baseline cannot run.

    .venv/bin/python benchmarks/bench_event_fanout.py [--streams 90] [--events 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

import anyio
import anyio.abc
from redis.asyncio import Redis as AsyncRedis

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.web.event_fanout import EventFanout, Message, Subscription


async def per_stream(client: AsyncRedis, streams: int, events: int) -> float:
    """The baseline: a PubSub (a connection) per stream."""
    pubsubs = [client.pubsub(ignore_subscribe_messages=True) for _ in range(streams)]
    for pubsub in pubsubs:
        await pubsub.subscribe("bench-per-stream")

    async def drain(pubsub: object) -> None:
        seen = 0
        while seen < events:
            if await pubsub.get_message(timeout=1.0) is not None:  # type: ignore[attr-defined]
                seen += 1

    started = time.perf_counter()
    async with anyio.create_task_group() as group:
        for pubsub in pubsubs:
            group.start_soon(drain, pubsub)
        for number in range(events):
            await client.publish("bench-per-stream", str(number))
    elapsed = time.perf_counter() - started
    for pubsub in pubsubs:
        await pubsub.aclose()
    return elapsed


async def shared(fanout: EventFanout, client: AsyncRedis, streams: int, events: int) -> float:
    """The candidate: every stream on the fanout's one connection."""

    async def drain(subscription: Subscription) -> None:
        seen = 0
        while seen < events:
            if isinstance(await subscription.get(1.0), Message):
                seen += 1

    async def run_streams(task_status: anyio.abc.TaskStatus[float]) -> None:
        subscriptions = []
        async with AsyncExitStack() as stack:
            for _ in range(streams):
                subscriptions.append(await stack.enter_async_context(fanout.subscribe(["bench-shared"], size=events)))
            started = time.perf_counter()
            task_status.started(started)
            async with anyio.create_task_group() as group:
                for subscription in subscriptions:
                    group.start_soon(drain, subscription)

    async with anyio.create_task_group() as outer:
        started = await outer.start(run_streams)
        for number in range(events):
            await client.publish("bench-shared", str(number))
    return time.perf_counter() - started


async def bench(url: str, streams: int, events: int, rounds: int) -> tuple[list[float], list[float]]:
    client = AsyncRedis.from_url(url, max_connections=streams + 10)
    fanout = EventFanout(client)
    baseline: list[float] = []
    candidate: list[float] = []
    async with anyio.create_task_group() as group:
        group.start_soon(fanout.run)
        for _ in range(rounds):
            baseline.append(await per_stream(client, streams, events))
            candidate.append(await shared(fanout, client, streams, events))
        group.cancel_scope.cancel()
    await client.aclose()
    return baseline, candidate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=90)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        try:
            baseline, candidate = anyio.run(bench, url, args.streams, args.events, args.rounds)
        finally:
            server.stop()
    for number, (old, new) in enumerate(zip(baseline, candidate, strict=True), 1):
        print(f"round {number}: per-stream {old * 1000:8.1f} ms   shared {new * 1000:8.1f} ms   ratio {new / old:5.2f}")
    old, new = statistics.median(baseline), statistics.median(candidate)
    deliveries = args.streams * args.events
    print(
        f"{args.streams} streams x {args.events} events ({deliveries} deliveries), median of {args.rounds}: "
        f"per-stream {old * 1000:.1f} ms, shared {new * 1000:.1f} ms, ratio shared/per-stream {new / old:.2f} "
        f"(Redis connections: {args.streams} against 1)"
    )


if __name__ == "__main__":
    main()
