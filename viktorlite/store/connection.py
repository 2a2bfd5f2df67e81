"""Every Redis connection viktorlite makes, from one URL: plain, TLS (``rediss://``), an ACL user, or
the master behind Redis Sentinel (``redis+sentinel://``), and quiet on connecting.

redis-py 5+ sends ``CLIENT SETINFO`` (library name and version) on every new connection, and 6+
also looks its own version up in the package metadata for each one (several ms of CPU). A worker's
connections are new in every forked job (redis-py resets a pool after a fork), so each job paid
both; the identification is of no use to viktorlite, nor are the maintenance notifications of a
managed cluster redis-py 7+ asks a RESP3 server for (one more failing command per connection here).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from redis import Redis
from redis.connection import Connection, parse_url

if TYPE_CHECKING:
    from redis.asyncio import ConnectionPool as AsyncConnectionPool


@cache
def quiet_options(connection_class: type = Connection) -> dict[str, Any]:
    """The options that turn the identification off, for the installed redis-py (none before 5.0)
    and its sync or asyncio ``connection_class``."""
    parameters = {  # redis-py 5+ takes them in AbstractConnection, Connection passes **kwargs on
        name
        for kind in connection_class.__mro__
        if "__init__" in vars(kind)
        for name in inspect.signature(kind).parameters
    }
    options: dict[str, Any] = {}
    if "driver_info" in parameters:
        options["driver_info"] = None
    elif "lib_name" in parameters:
        options.update(lib_name=None, lib_version=None)
    if "maint_notifications_config" in parameters:  # 7+ asks RESP3 servers for cluster moves: none here
        from redis.maint_notifications import MaintNotificationsConfig

        options["maint_notifications_config"] = MaintNotificationsConfig(enabled=False)
    return options


#: Schemes of a Redis reached through Sentinel: the master of a service, found by asking the sentinels.
SENTINEL_SCHEMES = ("redis+sentinel", "rediss+sentinel")


@dataclass(frozen=True)
class SentinelTarget:
    """A ``redis+sentinel://[USER:PASSWORD@]HOST:PORT[,HOST:PORT…]/SERVICE[/DB][?OPTIONS]`` URL, parsed.

    USER and PASSWORD are the master's (an ACL user); ``sentinel_username``/``sentinel_password``
    in the query authenticate to the sentinels; other query options are redis-py's URL options
    (``socket_timeout``, ``ssl_ca_certs``, …). ``rediss+sentinel`` uses TLS for both.
    """

    sentinels: list[tuple[str, int]]
    service: str
    tls: bool
    #: The master's connection options (db, username, password, query options), as redis-py's URL parser gives them.
    options: dict[str, Any]
    sentinel_options: dict[str, Any]


def parse_sentinel_url(url: str) -> SentinelTarget:
    scheme, _, rest = url.partition("://")
    netloc, _, path = rest.partition("/")
    path, _, query = path.partition("?")
    userinfo, _, hosts = netloc.rpartition("@")
    service, _, db = path.strip("/").partition("/")
    if not hosts or not service:
        raise ValueError("a Sentinel URL is redis+sentinel://HOST:PORT[,HOST:PORT…]/SERVICE[/DB]")
    sentinels = []
    for host in hosts.split(","):
        name, colon, port = host.rpartition(":")
        if not colon or "]" in port:  # no port: Sentinel's own
            name, port = host, "26379"
        sentinels.append((name.strip("[]"), int(port)))
    tls = scheme.lower().startswith("rediss")
    # redis-py's own parser gives the master's options their types (db, timeouts, ssl_* …).
    options = parse_url(f"{'rediss' if tls else 'redis'}://{userinfo + '@' if userinfo else ''}x/{db or 0}?{query}")
    for name in ("host", "port", "connection_class"):
        options.pop(name, None)
    sentinel_options = {
        name.removeprefix("sentinel_"): options.pop(name)
        for name in ("sentinel_username", "sentinel_password")
        if name in options
    }
    tls_options = {name: value for name, value in options.items() if name.startswith("ssl_")}
    if tls:
        options["ssl"] = True
        sentinel_options.update(ssl=True, **tls_options)
    return SentinelTarget(sentinels, service, tls, options, sentinel_options)


def is_sentinel_url(url: str) -> bool:
    return url.partition("://")[0].lower() in SENTINEL_SCHEMES


def connect(url: str, **options: Any) -> Redis:
    """A client of the Redis at ``url`` (``redis://``, ``rediss://``, ``unix://`` or
    ``redis+sentinel://``), quiet on connecting; ``options`` are redis-py's connection options."""
    if not is_sentinel_url(url):
        return Redis.from_url(url, **quiet_options(), **options)
    from redis.sentinel import Sentinel

    target = parse_sentinel_url(url)
    sentinel = Sentinel(target.sentinels, sentinel_kwargs={**quiet_options(), **target.sentinel_options})
    return sentinel.master_for(target.service, redis_class=Redis, **quiet_options(), **target.options, **options)


def async_pool(url: str, *, max_connections: int, timeout: float, **options: Any) -> AsyncConnectionPool:
    """An asyncio pool of at most ``max_connections`` connections to the Redis at ``url`` (any form
    :func:`connect` takes), where a caller waits up to ``timeout`` s for a free one."""
    from redis.asyncio import BlockingConnectionPool
    from redis.asyncio.connection import Connection as AsyncConnection

    options = {**quiet_options(AsyncConnection), **options}
    if not is_sentinel_url(url):
        return BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=timeout, **options)
    from redis.asyncio.sentinel import Sentinel, SentinelConnectionPool

    class BlockingSentinelPool(SentinelConnectionPool, BlockingConnectionPool):
        """Sentinel's master discovery with the blocking pool's wait for a free connection."""

    target = parse_sentinel_url(url)
    sentinel = Sentinel(target.sentinels, sentinel_kwargs={**quiet_options(AsyncConnection), **target.sentinel_options})
    pool = BlockingSentinelPool(
        target.service, sentinel, max_connections=max_connections, timeout=timeout, **target.options, **options
    )
    return pool


def refused_credentials(url: str) -> str | None:
    """The server's answer when it refuses the user or password of ``url``; None when it accepts
    them or cannot be reached (a wait may fix that, it cannot fix credentials)."""
    from redis.exceptions import AuthenticationError, RedisError

    client = connect(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        client.ping()
    except AuthenticationError as exc:
        return str(exc)
    except (RedisError, OSError):
        return None
    finally:
        client.close()
    return None
