"""Option types that click checks before a command starts: a bad value is a one-line usage error (exit 2).

Without them ``--port 99999`` ended in a 70-line ``OverflowError`` traceback with exit 1.
"""

from __future__ import annotations

from typing import Any

import click

#: A TCP port one can listen on (0, "any port", would leave the banner without a URL).
PORT = click.IntRange(1, 65535)

REDIS_SCHEMES = ("redis", "rediss", "unix", "redis+sentinel", "rediss+sentinel")


class RedisUrl(click.ParamType):
    """``redis://``, ``rediss://``, ``unix://`` or ``redis+sentinel://``, with something after the scheme."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        scheme, sep, rest = text.partition("://")
        if not sep or scheme.lower() not in REDIS_SCHEMES or not rest.strip("/"):
            # The value is not echoed: it may carry a password.
            self.fail(
                "not a Redis URL; expected redis://HOST:PORT/DB, rediss://…, unix://PATH or redis+sentinel://HOST:PORT/SERVICE",
                param,
                ctx,
            )
        return text


REDIS_URL = RedisUrl()
