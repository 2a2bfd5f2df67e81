"""One web process of many runs the once-per-cluster loops: whoever holds a Redis lease.

The job reaper, the session sweeper and the blob sweeper must not run in every web process
(``web --workers N``, or several hosts): two reapers would fail one orphaned job twice. Before
each round of those loops (the reaper's come every second) a web process renews the app's lease,
or takes it when free (``SET NX PX``; renewed only while its value is still this process's). The
lease lapses :data:`LEASE_SECONDS` after its holder stopped renewing it (killed, hung, cut off
from Redis) and another process takes it at its next round. A holder counts itself as holding
only until ``LEASE_SECONDS`` after it *sent* its last successful renewal, so it gives up no later
than Redis does. A round that outlasts the lease may overlap the next holder's first round; such
rounds are safe to overlap (WATCHed requeues, deletes of what is gone already): the lease keeps
that from being the rule. The other loops need no lease: the event streams are per process, the
summaries queue one job per revision between all processes (a SET NX flag) and the initial
entities are applied under a lock (web/startup.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable

import anyio
from redis.asyncio import Redis as AsyncRedis
from redis.exceptions import RedisError

from viktorlite.store.keys import Keys

#: Seconds a lease outlives its last renewal: how long the loops pause when their holder dies.
LEASE_SECONDS = 5.0
#: Seconds a stopping process waits for Redis to take its release.
RELEASE_SECONDS = 2.0

# Renew when this process holds it, take it when nobody does; 1 when held afterwards.
_RENEW_OR_TAKE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
"""
# Let go at a clean stop, so another process takes over at once instead of after LEASE_SECONDS.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class ClusterLease:
    """This web process's claim on its app's once-per-cluster work."""

    def __init__(self, client: AsyncRedis, app: str, *, seconds: float = LEASE_SECONDS) -> None:
        self._client = client
        self.key = Keys(app).web_lease
        #: Names the process in the key's value (``/healthz`` shows the holder).
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.seconds = seconds
        self._held_until = 0.0

    @property
    def held(self) -> bool:
        """True while this process may run once-per-cluster rounds."""
        return time.monotonic() < self._held_until

    async def renew(self) -> bool:
        """Renew the lease, or take it when free; returns whether it is held now."""
        sent = time.monotonic()
        try:
            got = await self._client.eval(_RENEW_OR_TAKE, 1, self.key, self.owner, int(self.seconds * 1000))
        except BaseException:
            self._held_until = 0.0  # unknown: better nobody for a while than two
            raise
        self._held_until = sent + self.seconds if got == 1 else 0.0
        return self.held

    async def release(self) -> None:
        held, self._held_until = self.held, 0.0
        if held:
            await self._client.eval(_RELEASE, 1, self.key, self.owner)

    async def holder(self) -> str | None:
        """Who holds the lease now (its owner string), if anyone."""
        value = await self._client.get(self.key)
        return value.decode() if isinstance(value, bytes) else value


def when_holding(lease: ClusterLease, one_round: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    """``one_round``, run only by the lease's holder; each round first renews the lease (or takes
    it when free), so the job reaper's one-second rounds keep it and a Redis outage fails the loop."""

    async def gated() -> None:
        if await lease.renew():
            await one_round()

    return gated


async def let_go(lease: ClusterLease) -> None:
    """A clean stop: another process may take the lease at once instead of after LEASE_SECONDS."""
    with anyio.CancelScope(shield=True), anyio.move_on_after(RELEASE_SECONDS), contextlib.suppress(RedisError, OSError):
        await lease.release()
