"""viktorlite/store/connection.py: a client that opens connections without CLIENT SETINFO."""

from __future__ import annotations

import redis

from viktorlite.store.connection import connect


def client_calls(observer: redis.Redis) -> int:
    return int(observer.info("commandstats").get("cmdstat_client", {}).get("calls", 0))


def test_a_new_connection_sends_no_client_command(redis_url: str, redis_client: redis.Redis) -> None:
    redis_client.ping()
    before = client_calls(redis_client)
    loud = redis.Redis.from_url(redis_url)
    loud.ping()  # redis-py's default: CLIENT SETINFO on connecting (the contrast this test relies on)
    assert client_calls(redis_client) > before
    before = client_calls(redis_client)
    quiet = connect(redis_url, socket_timeout=5)
    assert quiet.ping()
    assert client_calls(redis_client) == before
    loud.close()
    quiet.close()
