"""One Redis pub/sub connection per web process, fanned out to every event stream and job wait.

A connection per open editor ran the async Redis pool dry at ~93 editors (issue 16, item 13).
Here one reader task owns one connection; streams subscribe to channels on demand (a channel is
subscribed while at least one stream holds it, counted by reference) and each gets a bounded
queue of its own. A stream whose client reads too slowly loses events instead of growing memory:
it then gets one :class:`Resync` (re-read everything) in their place. A :class:`ChannelFamily` (every
job's channel of the app) is held by one pattern for the fanout's life instead: a job's stream then
sends no command to follow its job (issue 18). The reader survives Redis
going away: it reconnects with backoff, subscribes again to what is held and, once Redis confirmed
that, sends every stream a :class:`Resync`, since events may have been published in between.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio
from redis.asyncio import Redis as AsyncRedis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

#: Events a stream may fall behind by before it gets a Resync instead.
QUEUE_SIZE = 256
#: Seconds a new subscription waits for Redis to confirm it before giving up (Redis away).
CONFIRM_SECONDS = 10.0
#: A quiet connection is pinged this often; two pings without an answer mean it is dead.
KEEPALIVE_SECONDS = 15.0
BACKOFF_SECONDS = (0.1, 5.0)


#: End announcements kept per fanout (issue 18): the newest ones, at most this many and bytes.
ENDS_KEPT = 512
ENDS_KEPT_BYTES = 8 * 1024 * 1024


def _glob_escaped(text: str) -> str:
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)


@dataclass(frozen=True)
class ChannelFamily:
    """Channels named ``<prefix><anything><suffix>`` (every job's event channel of an app), held
    with one PSUBSCRIBE for the life of the fanout instead of a SUBSCRIBE and UNSUBSCRIBE per stream."""

    prefix: str
    suffix: str

    @property
    def pattern(self) -> str:
        return f"{_glob_escaped(self.prefix)}*{_glob_escaped(self.suffix)}"

    def covers(self, channel: str) -> bool:
        return (
            len(channel) > len(self.prefix) + len(self.suffix)
            and channel.startswith(self.prefix)
            and channel.endswith(self.suffix)
        )


@dataclass(frozen=True)
class Message:
    channel: str
    data: str


@dataclass(frozen=True)
class Resync:
    """Events were dropped (a slow reader, or Redis was away): whatever the stream shows must be re-read."""

    dropped: int


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class Subscription:
    """One stream's view of its channels: a bounded queue the reader fills and the stream drains."""

    def __init__(self, channels: tuple[str, ...], size: int) -> None:
        self.channels = channels
        self._size = size
        self._queue: deque[Message] = deque()
        self._dropped = 0
        self._wakeup = anyio.Event()

    def deliver(self, message: Message) -> None:
        """Called by the reader; never blocks: a full queue becomes one Resync."""
        if self._dropped or len(self._queue) >= self._size:
            self._dropped += 1 + len(self._queue)
            self._queue.clear()
        else:
            self._queue.append(message)
        self._wakeup.set()

    def lost(self) -> None:
        """The connection was lost: events may have been missed."""
        self._dropped += 1 + len(self._queue)
        self._queue.clear()
        self._wakeup.set()

    async def get(self, timeout: float) -> Message | Resync | None:
        """The next event, a Resync after dropped events, or None after ``timeout`` seconds of quiet."""
        if not self._queue and not self._dropped:
            self._wakeup = anyio.Event()
            with anyio.move_on_after(timeout):
                await self._wakeup.wait()
        if self._dropped:
            dropped, self._dropped = self._dropped, 0
            return Resync(dropped)
        return self._queue.popleft() if self._queue else None


class EventFanout:
    """Owns the process's pub/sub connection; :meth:`run` is its reader, run by the web app's lifespan."""

    def __init__(
        self, client: AsyncRedis, *, queue_size: int = QUEUE_SIZE, families: Iterable[ChannelFamily] = ()
    ) -> None:
        self._client = client
        self._queue_size = queue_size
        #: Held by pattern for as long as the fanout runs; their channels cost no command per stream.
        self._families = tuple(families)
        #: The newest end announcements on the families' channels, so a stream that holds a channel
        #: just after its job ended still hears the end (it read the job's state before it held it).
        self._ends: dict[str, str] = {}
        self._ends_bytes = 0
        #: Since when (monotonic) the families' pattern has been confirmed on the connection now read;
        #: None while there is none. An end published after it is heard, unless forgotten since.
        self._live_since: float | None = None
        #: When an end was last dropped from the kept ones (or not kept at all).
        self._forgot_at = -math.inf
        self._connection: AbstractConnection | None = None
        self._lock = anyio.Lock()  # one writer at a time; reference counts change under it
        self._holders: dict[str, set[Subscription]] = {}
        self._unconfirmed: Counter[str] = Counter()  # SUBSCRIBEs sent, not yet confirmed, per channel
        self._confirmed: dict[str, anyio.Event] = {}
        self._answered = True  # the last keepalive PING was answered
        self._resync_pending = False  # streams hear of a lost connection once subscribed again
        self._families_confirmed = anyio.Event()
        self.running = False

    @property
    def channels(self) -> int:
        """Channels subscribed now (for tests and the docs' figures)."""
        return len(self._holders)

    @asynccontextmanager
    async def subscribe(self, channels: Iterable[str], *, size: int | None = None) -> AsyncIterator[Subscription]:
        """Hold ``channels`` for the block; events published once it is entered are delivered.

        Raises redis' ConnectionError when Redis does not confirm within CONFIRM_SECONDS.
        """
        subscription = Subscription(tuple(dict.fromkeys(channels)), size or self._queue_size)
        await self._hold(subscription)
        try:
            with anyio.fail_after(CONFIRM_SECONDS):
                for channel in subscription.channels:
                    if self._family_of(channel):
                        await self._families_confirmed.wait()
                    else:
                        await self._confirmed[channel].wait()
        except BaseException as exc:  # not confirmed in time, or the request went away meanwhile
            with anyio.CancelScope(shield=True):
                await self._release(subscription)
            if isinstance(exc, TimeoutError):
                raise RedisConnectionError("Redis did not confirm the event subscription; is it running?") from None
            raise
        try:
            yield subscription
        finally:
            with anyio.CancelScope(shield=True):
                await self._release(subscription)

    def _family_of(self, channel: str) -> bool:
        return any(family.covers(channel) for family in self._families)

    async def _hold(self, subscription: Subscription) -> None:
        async with self._lock:
            new = [c for c in subscription.channels if c not in self._holders and not self._family_of(c)]
            for channel in subscription.channels:
                self._holders.setdefault(channel, set()).add(subscription)
                if channel in self._ends:  # it ended just before it was held: the stream hears it all the same
                    subscription.deliver(Message(channel, self._ends[channel]))
            for channel in new:
                self._confirmed[channel] = anyio.Event()
            if new and self._connection is not None:
                await self._send("SUBSCRIBE", *new)

    async def _release(self, subscription: Subscription) -> None:
        async with self._lock:
            gone = []
            for channel in subscription.channels:
                holders = self._holders.get(channel)
                if holders is None:
                    continue
                holders.discard(subscription)
                if not holders:
                    del self._holders[channel]
                    if not self._family_of(channel):
                        del self._confirmed[channel]
                        gone.append(channel)
            if gone and self._connection is not None:
                await self._send("UNSUBSCRIBE", *gone)

    async def _send(self, *command: str) -> None:
        """Write one command (under the lock); a failed write is left to the reader to notice."""
        assert self._connection is not None
        if command[0] in ("SUBSCRIBE", "PSUBSCRIBE"):
            self._unconfirmed.update(command[1:])
        try:
            await self._connection.send_command(*command, check_health=False)
        except (RedisError, OSError) as exc:
            log.warning("could not send %s to Redis: %s", command[0], exc)

    async def run(self) -> None:
        """Forever: connect, subscribe to what is held, read and fan out; reconnect with backoff."""
        self.running = True
        delay = BACKOFF_SECONDS[0]
        first = True
        try:
            while True:
                connection = self._client.connection_pool.make_connection()
                try:
                    await connection.connect()
                    await self._adopt(connection, resync=not first)
                    first, delay = False, BACKOFF_SECONDS[0]
                    await self._read(connection)
                except (RedisError, OSError) as exc:
                    log.warning("the event connection to Redis failed (%s); again in %.1f s", exc, delay)
                finally:
                    with anyio.CancelScope(shield=True):
                        await self._drop(connection)
                await anyio.sleep(delay * (0.5 + random.random() / 2))
                delay = min(delay * 2, BACKOFF_SECONDS[1])
        finally:
            self.running = False

    async def _adopt(self, connection: AbstractConnection, *, resync: bool) -> None:
        async with self._lock:
            self._connection = connection
            self._unconfirmed.clear()
            self._answered = True
            singles = [channel for channel in self._holders if not self._family_of(channel)]
            if self._holders:
                self._resync_pending = resync
            if self._families:
                await self._send("PSUBSCRIBE", *(family.pattern for family in self._families))
            if singles:
                await self._send("SUBSCRIBE", *singles)

    async def _drop(self, connection: AbstractConnection) -> None:
        async with self._lock:
            if self._connection is connection:
                self._connection = None
                for channel in self._confirmed:  # a stream that subscribes now waits for the next connection
                    if self._confirmed[channel].is_set():
                        self._confirmed[channel] = anyio.Event()
                if self._families_confirmed.is_set():
                    self._families_confirmed = anyio.Event()
                self._live_since = None
        await connection.disconnect()

    async def _read(self, connection: AbstractConnection) -> None:
        while True:
            response = await connection.read_response(timeout=KEEPALIVE_SECONDS, push_request=True)
            if response is None:  # quiet: is the connection still there?
                if not self._answered:
                    raise RedisConnectionError("no answer to a keepalive PING")
                self._answered = False
                async with self._lock:
                    await self._send("PING")
                continue
            self._answered = True
            self._dispatch(response)

    def _dispatch(self, response: object) -> None:
        if not isinstance(response, list) or len(response) < 2:
            return  # PONG outside subscribed mode
        kind = _text(response[0])
        if kind == "message" and len(response) == 3:
            message = Message(_text(response[1]), _text(response[2]))
            for subscription in tuple(self._holders.get(message.channel, ())):
                subscription.deliver(message)
        elif kind == "pmessage" and len(response) == 4:
            message = Message(_text(response[2]), _text(response[3]))
            if message.data.startswith('{"event": "end"'):
                self._keep_end(message)
            for subscription in tuple(self._holders.get(message.channel, ())):
                subscription.deliver(message)
        elif kind in ("subscribe", "psubscribe"):
            channel = _text(response[1])
            self._unconfirmed[channel] -= 1
            if self._unconfirmed[channel] <= 0:
                del self._unconfirmed[channel]
                if channel in self._confirmed:
                    self._confirmed[channel].set()
                if kind == "psubscribe" and not any(f.pattern in self._unconfirmed for f in self._families):
                    self._families_confirmed.set()
                    if self._live_since is None:
                        self._live_since = time.monotonic()
            if self._resync_pending and not self._unconfirmed:
                self._resync_pending = False
                for subscription in {s for holders in self._holders.values() for s in holders}:
                    subscription.lost()

    def _keep_end(self, message: Message) -> None:
        """Remember an end announcement (the newest ENDS_KEPT, at most ENDS_KEPT_BYTES in all)."""
        if len(message.data) > ENDS_KEPT_BYTES // 8:
            self._forgot_at = time.monotonic()
            return
        self._ends_bytes += len(message.data) - len(self._ends.pop(message.channel, ""))
        self._ends[message.channel] = message.data
        while self._ends and (len(self._ends) > ENDS_KEPT or self._ends_bytes > ENDS_KEPT_BYTES):
            oldest = next(iter(self._ends))
            self._ends_bytes -= len(self._ends.pop(oldest))
            self._forgot_at = time.monotonic()

    def heard_every_end_since(self, moment: float) -> bool:
        """Every end announced on the families' channels after ``moment`` (monotonic) was heard, and is
        kept or still on its way here: a job queued after it that has none kept has not announced its
        end yet (issue 18: its stream need not read its outcome)."""
        return self._live_since is not None and self._live_since <= moment and self._forgot_at < moment

    def kept_end(self, channel: str) -> str | None:
        """The end announcement kept for ``channel``, if any."""
        return self._ends.get(channel)

    def covers(self, channel: str) -> bool:
        """The channel is held by pattern: a stream on it hears everything published after it read
        the channel's state and then held it (the end, from the kept ends), without a re-check."""
        return bool(self._families) and self._family_of(channel)
