"""The shared pub/sub connection's guarantees, against a real Redis (web/event_fanout.py): a stream
that reads too slowly gets one Resync instead of a growing queue; a lost connection comes back,
subscribed again, with a Resync for every stream; channels are held by reference count."""

from __future__ import annotations

from redis.asyncio import Redis as AsyncRedis

from support import next_message, run_with_fanout
from viktorlite.web.event_fanout import EventFanout, Message, Resync


def test_a_slow_stream_gets_one_resync_for_what_it_could_not_keep(redis_url):
    async def body(fanout: EventFanout, client: AsyncRedis) -> None:
        async with (
            fanout.subscribe(["slow-channel"], size=8) as slow,
            fanout.subscribe(["slow-channel"], size=1000) as witness,
        ):
            for number in range(100):
                await client.publish("slow-channel", str(number))
            for number in range(100):  # the witness heard all 100, so the slow one was offered all 100
                assert await next_message(witness) == Message("slow-channel", str(number))
            assert await next_message(slow) == Resync(dropped=100)
            await client.publish("slow-channel", "after")
            assert await next_message(slow) == Message("slow-channel", "after")
        assert fanout.channels == 0

    run_with_fanout(redis_url, body)


def test_a_lost_connection_comes_back_subscribed_and_every_stream_hears_it_lost_events(redis_url):
    async def body(fanout: EventFanout, client: AsyncRedis) -> None:
        async with fanout.subscribe(["lost-a"]) as first, fanout.subscribe(["lost-a", "lost-b"]) as second:
            assert fanout.channels == 2
            (subscriber,) = [c for c in await client.client_list() if c.get("sub") == "2"]
            await client.client_kill_filter(_id=subscriber["id"])
            assert isinstance(await next_message(first), Resync)
            assert isinstance(await next_message(second), Resync)
            await client.publish("lost-b", "back")  # the Resync came after subscribing again
            assert await next_message(second) == Message("lost-b", "back")
        assert fanout.channels == 0

    run_with_fanout(redis_url, body)


def test_a_channel_stays_subscribed_while_any_stream_holds_it(redis_url):
    async def body(fanout: EventFanout, client: AsyncRedis) -> None:
        async with fanout.subscribe(["held"]) as outer:
            async with fanout.subscribe(["held"]):
                assert fanout.channels == 1
            assert (await client.pubsub_numsub("held")) == [(b"held", 1)]
            await client.publish("held", "still")
            assert await next_message(outer) == Message("held", "still")
        assert fanout.channels == 0

    run_with_fanout(redis_url, body)
