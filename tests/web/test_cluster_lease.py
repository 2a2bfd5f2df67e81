"""The Redis lease that picks the one web process running the once-per-cluster loops (real Redis).

Two leases of one app stand for two web processes: one holds it, the other's rounds are skipped;
when the holder stops renewing (a killed process) the lease lapses and the other takes it; a
clean release hands it over at once.
"""

from __future__ import annotations

import uuid

import anyio
import redis
from redis.asyncio import Redis as AsyncRedis

from support import HANG, run_async, wait_until
from viktorlite.store.keys import Keys
from viktorlite.web.cluster_lease import ClusterLease, when_holding


def test_one_process_holds_the_lease_and_another_takes_it_when_it_lapses(redis_url: str):
    app = f"lease-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url)

    async def scenario() -> None:
        connection = AsyncRedis.from_url(redis_url)
        first, second = ClusterLease(connection, app, seconds=1.0), ClusterLease(connection, app, seconds=1.0)
        rounds: list[str] = []

        async def note(name: str) -> None:
            rounds.append(name)

        first_round = when_holding(first, lambda: note("first"))
        second_round = when_holding(second, lambda: note("second"))
        await first_round()
        await second_round()
        assert rounds == ["first"]
        assert first.held and not second.held
        assert client.get(Keys(app).web_lease) == first.owner.encode()

        # The holder stops renewing (as if killed): the other's rounds find the lease free once it lapsed.
        while not second.held:
            await anyio.sleep(0.05)
            await second_round()
        assert rounds[-1] == "second"
        assert client.get(Keys(app).web_lease) == second.owner.encode()
        await first_round()  # the old holder does not take it back while the new one holds it
        assert rounds.count("first") == 1 and not first.held

        # A clean release hands it over at once.
        await second.release()
        await first_round()
        assert rounds[-1] == "first" and first.held
        await connection.aclose()

    run_async(scenario)
    wait_until(lambda: client.pttl(Keys(app).web_lease) > 0, HANG, "the lease to carry its expiry")
    client.close()
