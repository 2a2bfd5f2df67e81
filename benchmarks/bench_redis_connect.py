"""A forked job's first Redis command: redis-py's default handshake against viktorlite's quiet one.

Every job runs in a fresh fork of its worker, and redis-py resets a pool after a fork, so each job
opens new connections. Each run here forks a child of this process (which has imported viktorlite,
as a worker has) that opens a connection from the parent's client and sends one PING; timed is the
fork to the child's exit. Baseline: ``Redis.from_url`` as is (a package-metadata lookup and CLIENT
SETINFO per connection); candidate: ``viktorlite.store.connection.connect``.

    .venv/bin/python benchmarks/bench_redis_connect.py [--runs 60] [--quick]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import redis
from _interleaved import interleave, quick, report, state_baseline

import viktorlite.workers.execute  # noqa: F401 - the worker's imports, as a work horse inherits them
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.connection import connect


def in_fork(client: redis.Redis) -> None:
    pid = os.fork()
    if pid == 0:
        try:
            client.ping()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--quick", action="store_true", help="30 runs a side (make bench)")
    args = parser.parse_args()
    runs = 30 if args.quick or quick() else args.runs
    state_baseline("redis-py's Redis.from_url, its default handshake, first PING in a forked child")
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        try:
            loud, quiet = redis.Redis.from_url(url), connect(url)
            loud.ping()
            quiet.ping()
            result = interleave(lambda: in_fork(loud), lambda: in_fork(quiet), runs, warmup=3)
        finally:
            server.stop()
    report("bench_redis_connect", "fork + first PING", result)


if __name__ == "__main__":
    main()
