"""A redis-py client that opens its connections without announcing itself.

redis-py 5+ sends ``CLIENT SETINFO`` (library name and version) on every new connection, and 6+
also looks its own version up in the package metadata for each one (several ms of CPU). A worker's
connections are new in every forked job (redis-py resets a pool after a fork), so each job paid
both; the identification is of no use to viktorlite, nor are the maintenance notifications of a
managed cluster redis-py 7+ asks a RESP3 server for (one more failing command per connection here).
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

from redis import Redis
from redis.connection import Connection


@cache
def quiet_options() -> dict[str, Any]:
    """The options that turn the identification off, for the installed redis-py (none before 5.0)."""
    parameters = {  # redis-py 5+ takes them in AbstractConnection, Connection passes **kwargs on
        name for kind in Connection.__mro__ if "__init__" in vars(kind) for name in inspect.signature(kind).parameters
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


def connect(url: str, **options: Any) -> Redis:
    """``Redis.from_url(url, **options)``, quiet on connecting."""
    return Redis.from_url(url, **quiet_options(), **options)
