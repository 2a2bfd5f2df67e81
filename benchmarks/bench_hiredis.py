"""Storage.get of 10 MB and 300 MB with hiredis as redis-py's parser, against redis-py's own Python parser.

Issue 18 item 7. Both sides read the same Storage value through ``viktor.Storage`` on the same
embedded Redis, alternately in one run (benchmarks/_interleaved.py); only the connection's reply
parser differs.

    .venv/bin/python benchmarks/bench_hiredis.py [--skip-300mb] [--quick]
"""

from __future__ import annotations

import argparse
import os

import redis
from _interleaved import embedded_redis, interleave, quick, report, state_baseline
from bench_context import bench_job
from redis._parsers import _HiredisParser, _RESP2Parser

from viktorlite.jobs import context as job_context
from viktorlite.sdk import File, Storage

SIZES = [("10 MB", 10_000_000, 10), ("300 MB", 300_000_000, 3)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-300mb", action="store_true")
    parser.add_argument("--quick", action="store_true", help="10 MB only, fewer runs (make bench)")
    args = parser.parse_args()
    fast = args.quick or quick()
    sizes = [("10 MB", 10_000_000, 6)] if fast else [s for s in SIZES if not (args.skip_300mb and s[1] > 10**8)]
    state_baseline("redis-py's own Python reply parser, the same Storage.get on the same Redis")
    with embedded_redis() as (url, _):
        python = redis.Redis.from_url(url, socket_timeout=120, parser_class=_RESP2Parser)
        hiredis = redis.Redis.from_url(url, socket_timeout=120, parser_class=_HiredisParser)
        contexts = {side: bench_job(conn, production=True) for side, conn in (("py", python), ("c", hiredis))}
        storage = Storage()
        for label, size, count in sizes:
            data = os.urandom(size)
            job_context.enter(contexts["py"])
            storage.set("bench", File.from_data(data), scope="workspace")

            def get(side: str) -> None:
                job_context.enter(contexts[side])
                try:
                    assert len(storage.get("bench", scope="workspace").getvalue_binary()) == size  # noqa: B023
                finally:
                    job_context.enter(None)

            warmup = 1 if size > 10**8 else 2
            report(
                "bench_hiredis", f"{label} Storage.get", interleave(lambda: get("py"), lambda: get("c"), count, warmup)
            )
            job_context.enter(contexts["py"])
            storage.delete("bench", scope="workspace")
            job_context.enter(None)


if __name__ == "__main__":
    main()
