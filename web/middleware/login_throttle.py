"""Guessing a password or the access token is throttled per user name and per client address.

Each failed form login counts against the name it tried and the address it came from; each
request with a wrong bearer token counts against its address. Past the limit within the window,
that name or address is refused (429) until the window ends, even with the right secret: a right
guess must look no different from a wrong one while refused. A success clears its name's count,
never the address's (one valid account must not reset an address that guesses others).

The address is the ASGI client's: behind a reverse proxy, run the web process with the proxy's
``X-Forwarded-For`` trusted (uvicorn trusts it from 127.0.0.1), or every client shares one count.
"""

from __future__ import annotations

from redis.asyncio import Redis as AsyncRedis
from starlette.types import Scope

from viktorlite.store.keys import Keys

MAX_FAILED_LOGINS = 10
#: More than per name: several people behind one address may each mistype a few times.
MAX_FAILED_PER_ADDRESS = 30
FAILED_LOGIN_WINDOW = 300


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class LoginThrottle:
    """The failure counts of one app's logins, in Redis (shared by every web process)."""

    def __init__(self, redis: AsyncRedis, app_name: str) -> None:
        self.redis = redis
        self.keys = Keys(app_name)

    def _counters(self, name: str | None, address: str) -> list[tuple[str, int, str]]:
        counters = [(self.keys.failed_logins_from(address), MAX_FAILED_PER_ADDRESS, f"from {address}")]
        if name is not None:
            counters.append((self.keys.failed_logins(name or "-"), MAX_FAILED_LOGINS, "for this name"))
        return counters

    async def refusal(self, *, name: str | None, address: str) -> str | None:
        """Why a login (``name``; None: a bearer token) from ``address`` is refused now, or None."""
        counters = self._counters(name, address)
        counts = await self.redis.mget([key for key, _, _ in counters])
        for (_, limit, what), count in zip(counters, counts, strict=True):
            if int(count or 0) >= limit:
                return f"Too many failed logins {what}; try again in {FAILED_LOGIN_WINDOW // 60} minutes."
        return None

    async def failed(self, *, name: str | None, address: str) -> None:
        async with self.redis.pipeline() as pipe:
            for key, _, _ in self._counters(name, address):
                pipe.incr(key)
                pipe.expire(key, FAILED_LOGIN_WINDOW)
            await pipe.execute()

    async def succeeded(self, *, name: str) -> None:
        await self.redis.delete(self.keys.failed_logins(name or "-"))
