"""Wait for Redis to answer, with a capped backoff and one log line per outage.

A process that starts while Redis is away (a worker replaced while ``serve`` restarts a crashed
embedded Redis) waits here instead of exiting, which would only make its supervisor start it
again and again.
"""

from __future__ import annotations

import logging
import time

from redis import Redis
from redis.exceptions import AuthenticationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

FIRST_BACKOFF = 0.25
MAX_BACKOFF = 5.0


def wait_for_redis(connection: Redis, who: str) -> None:
    """Return once ``connection`` answers PING (and has loaded its data); ``who`` names the waiter in the log.

    Refused credentials raise at once (redis-py's ``AuthenticationError``): no wait can fix them."""
    backoff, since = FIRST_BACKOFF, None
    while True:
        try:
            connection.ping()
        except AuthenticationError:  # a ConnectionError too, but waiting will not change the password
            raise
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:  # BusyLoadingError is a ConnectionError
            if since is None:
                since = time.monotonic()
                log.warning("%s: Redis is unavailable (%s); waiting for it", who, exc)
            time.sleep(backoff)
            backoff = min(MAX_BACKOFF, backoff * 2)
            continue
        if since is not None:
            log.warning("%s: Redis answers again after %.1f s", who, time.monotonic() - since)
        return
