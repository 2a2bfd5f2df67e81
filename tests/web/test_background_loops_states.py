"""The states of a supervised background loop, and how ``/healthz`` reports a dead one."""

from __future__ import annotations

import anyio
import pytest

from support import HANG, run_async
from viktorlite.web.background_loops import BackgroundLoops, LoopHealth


def test_a_loop_that_fails_is_retried_and_one_that_ends_is_dead():
    tries: list[str] = []

    async def flaky(health: LoopHealth) -> None:
        tries.append(health.state)
        if len(tries) < 3:
            raise ConnectionError("Redis is away")
        health.ok()
        await anyio.sleep_forever()

    async def ends(health: LoopHealth) -> None:
        health.ok()

    async def once(health: LoopHealth) -> None:
        health.ok()

    async def main() -> BackgroundLoops:
        loops = BackgroundLoops()
        async with anyio.create_task_group() as group:
            loops.start(group, "flaky", flaky)
            loops.start(group, "ends", ends)
            loops.start(group, "once", once, forever=False)
            with anyio.fail_after(HANG):
                while loops.loops["flaky"].state != "running":
                    await anyio.sleep(0.05)
            group.cancel_scope.cancel()
        return loops

    loops = run_async(main)
    assert tries == ["starting", "failing", "failing"]  # retried after each failure, with backoff
    assert loops.loops["flaky"].failures == 0 and loops.loops["flaky"].error is None
    assert (loops.loops["ends"].state, loops.loops["ends"].error) == ("dead", "the loop ended")
    assert loops.loops["once"].state == "done"
    assert loops.unhealthy() == ["ends"]


def test_backoff_doubles_and_is_capped():
    health = LoopHealth("x")
    waits = [health.failed(ConnectionError("down")) for _ in range(10)]
    assert waits[:3] == [0.5, 1.0, 2.0]
    assert max(waits) == waits[-1] == 10.0


@pytest.fixture
def client(publish_app):
    with publish_app("redis_faults").client() as client:
        yield client


def test_healthz_answers_503_naming_a_dead_loop(client):
    loops: BackgroundLoops = client.app.state.loops
    loops.loops["job_reaper"] = LoopHealth("job_reaper", state="dead", error="the loop ended")  # as one that ended
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["error"] == "background loop job_reaper is dead"
    assert answer.json()["redis"]["reachable"] is True
