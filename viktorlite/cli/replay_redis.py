"""Find the Redis that holds a job's kept inputs, for ``viktorlite replay``.

``--redis-url`` wins. Otherwise serve.json (written by ``viktorlite serve``) names the Redis the
last serve of the app used. When that was the embedded Redis and it is not running any more,
a copy of its data folder is served by a private, temporary Redis: the records in its
append-only file are readable, and whatever the replay writes is thrown away with the copy, so a
later serve starts from exactly what the last one left.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis

from viktorlite.cli.embedded_redis import EmbeddedRedis, EmbeddedRedisError
from viktorlite.store import serve_info
from viktorlite.store.connection import connect


class RedisNotFound(Exception):
    """No Redis with the job's inputs can be reached; the message says what was tried."""


@dataclass(frozen=True)
class FoundRedis:
    url: str
    #: Set when the replay reads a throwaway copy of a stopped serve's data: the folder copied.
    copy_of: Path | None = None


def _answers(url: str, redis_dir: str | None) -> bool:
    """The server at ``url`` is up and, for an embedded one, still the one serving ``redis_dir``."""
    client = connect(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
        if redis_dir is None:
            return True
        with contextlib.suppress(redis.ResponseError):  # CONFIG may be disabled: trust the URL then
            served = client.config_get("dir").get("dir")
            return served is None or os.path.realpath(served) == os.path.realpath(redis_dir)
        return True
    except redis.RedisError:
        return False
    finally:
        client.close()


@contextlib.contextmanager
def _copy_served(redis_dir: Path) -> Iterator[FoundRedis]:
    with tempfile.TemporaryDirectory(prefix="viktorlite-replay-") as temp:
        copy = Path(temp) / "redis"
        shutil.copytree(redis_dir, copy, ignore=shutil.ignore_patterns("redis.log", "*.sock", "*.lock"))
        server = EmbeddedRedis(copy)
        try:
            url = server.start()
        except EmbeddedRedisError as exc:
            raise RedisNotFound(f"could not start a Redis on a copy of {redis_dir}: {exc}") from None
        try:
            yield FoundRedis(url, copy_of=redis_dir)
        finally:
            server.stop()


@contextlib.contextmanager
def find_redis(redis_url: str | None, data_dir: Path | None) -> Iterator[FoundRedis]:
    """The Redis to read from (and run the replay against), for as long as the block runs."""
    if redis_url is not None:
        if not _answers(redis_url, None):
            raise RedisNotFound(f"the Redis at {redis_url} does not answer")
        yield FoundRedis(redis_url)
        return
    if data_dir is None:
        raise RedisNotFound("give the app folder (or run in it) or --redis-url, to tell which Redis holds the job")
    recorded = serve_info.read(data_dir)
    if recorded is None:
        raise RedisNotFound(
            f"no viktorlite serve of this app was found ({data_dir / serve_info.FILE_NAME} is missing); "
            "pass --redis-url, or --data-dir if serve used one"
        )
    if _answers(recorded.redis_url, recorded.redis_dir):
        yield FoundRedis(recorded.redis_url)
        return
    if recorded.redis_dir is None:
        raise RedisNotFound(
            f"the Redis serve used ({recorded.redis_url}) does not answer; start it or pass --redis-url"
        )
    if not Path(recorded.redis_dir).is_dir():
        raise RedisNotFound(f"the data of the Redis serve used ({recorded.redis_dir}) is gone")
    with _copy_served(Path(recorded.redis_dir)) as found:
        yield found
