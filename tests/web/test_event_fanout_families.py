"""Job channels held by one pattern (web/event_fanout.py, issue 18): a job's event stream costs no
SUBSCRIBE or UNSUBSCRIBE, hears what is published while it holds the channel, and hears a job's end
published in the moment between its look at the job and its hold of the channel."""

from __future__ import annotations

import anyio
from redis.asyncio import Redis as AsyncRedis

from support import next_message, run_with_fanout
from viktorlite.web.event_fanout import ChannelFamily, EventFanout, Message, Resync

JOBS = ChannelFamily("test-app:job:", ":events")


def test_a_job_channel_is_heard_through_the_pattern_with_no_subscribe_of_its_own(redis_url):
    async def body(fanout: EventFanout, client: AsyncRedis) -> None:
        channel = "test-app:job:1:events"
        assert fanout.covers(channel) and not fanout.covers("test-app:entity:1:events")
        async with fanout.subscribe([channel]) as stream, fanout.subscribe(["other-channel"]) as other:
            assert await client.pubsub_channels() == [b"other-channel"]  # the job's channel: no SUBSCRIBE
            assert await client.pubsub_numpat() == 1
            await client.publish(channel, '{"event": "progress", "message": "half"}')
            await client.publish("other-channel", "x")
            assert await next_message(stream) == Message(channel, '{"event": "progress", "message": "half"}')
            assert await next_message(other) == Message("other-channel", "x")
        assert fanout.channels == 0 and await client.pubsub_numpat() == 1  # held for the fanout's life

    run_with_fanout(redis_url, body, families=[JOBS])


def test_an_end_published_before_the_stream_holds_the_channel_still_reaches_it(redis_url):
    async def body(fanout: EventFanout, client: AsyncRedis) -> None:
        async with fanout.subscribe(["test-app:job:witness:events"]) as witness:  # waits for the pattern
            ended, running = "test-app:job:ended:events", "test-app:job:running:events"
            await client.publish(ended, '{"event": "end", "outcome": "{}"}')
            await client.publish(running, '{"event": "progress", "message": "not kept"}')
            await client.publish("test-app:job:witness:events", "after")
            assert await next_message(witness) == Message("test-app:job:witness:events", "after")  # all were read
        async with fanout.subscribe([ended]) as late, fanout.subscribe([running]) as other:
            assert await next_message(late) == Message(ended, '{"event": "end", "outcome": "{}"}')
            assert await other.get(0.2) is None  # only ends are kept, not progress

    run_with_fanout(redis_url, body, families=[JOBS])


def test_the_pattern_comes_back_after_a_lost_connection_with_a_resync(redis_url):
    async def body(fanout: EventFanout, client: AsyncRedis) -> None:
        channel = "test-app:job:2:events"
        async with fanout.subscribe([channel]) as stream:
            (subscriber,) = [c for c in await client.client_list() if c.get("psub") == "1"]
            await client.client_kill_filter(_id=subscriber["id"])
            assert isinstance(await next_message(stream), Resync)
            while await client.pubsub_numpat() != 1:
                await anyio.sleep(0.01)
            await client.publish(channel, '{"event": "end"}')
            assert await next_message(stream) == Message(channel, '{"event": "end"}')

    run_with_fanout(redis_url, body, families=[JOBS])
